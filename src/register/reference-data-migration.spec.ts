import { collectNamedIds, idsCreatedBy, referenceStepsFor } from './reference-data-migration';
import { builtInStructure, structureCommands } from './structure-file';

/** The migration from the fixed reference data: which ids stored events name, and the reference data's steps for those a file lacks. */
describe('the migration from the reference data', () => {
  const reference = builtInStructure().commands;
  const candidates = idsCreatedBy(reference);

  it('knows today’s ids: the 17 organisations and the 7 forums of the built-in file', () => {
    expect(candidates.size).toBe(24);
    expect(candidates.has('kil')).toBe(true);
    expect(candidates.has('chairs-council')).toBe(true);
  });

  it('finds the ids an event names wherever they sit, whole values only', () => {
    const named = new Set<string>();
    collectNamedIds(
      {
        text: 'Kil och Karlstad ska besluta',
        organisationsToDecide: ['kil', 'karlstad'],
        forum: 'council',
        responsible: { organisationId: 'region-varmland' },
        title: 'kil-frågan',
      },
      candidates,
      named,
    );
    expect([...named].sort()).toEqual(['council', 'karlstad', 'kil', 'region-varmland']);
  });

  it('adds the reference data’s steps for named ids the file lacks, a forum with its renaming, and nothing the file has', () => {
    const other = structureCommands(
      {
        collaboration: 'Samverkan Dalsland',
        organisations: [{ id: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2020-01-01' }],
        forums: [],
      },
      'dalsland.json',
    ).commands;
    const steps = referenceStepsFor(new Set(['kil', 'karlstad', 'chairs-council']), other, reference);
    expect(steps.map((step) => [step.type, 'organisationId' in step.data ? step.data.organisationId : (step.data as { forumId: string }).forumId])).toEqual([
      ['JoinOrganisation', 'karlstad'],
      ['EstablishForum', 'chairs-council'],
      ['RenameForum', 'chairs-council'],
    ]);
  });

  it('adds nothing to Värmland’s own file', () => {
    expect(referenceStepsFor(candidates, reference, reference)).toEqual([]);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { getMetadataStorage } from 'class-validator';

type DtoClass = abstract new (...args: never[]) => object;

/** Every request DTO of the app: the exported classes of every `*.dto.ts` under src/. */
async function requestDtos(): Promise<DtoClass[]> {
  const root = path.join(__dirname, '../../src');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.dto.ts'));
  const modules = await Promise.all(files.map((file) => import(path.join(root, file)) as Promise<Record<string, unknown>>));
  return modules.flatMap((exported) => Object.values(exported)).filter((value): value is DtoClass => typeof value === 'function');
}

/** Rules that refuse a missing value: with one of these a required nested property cannot pass as undefined. */
const REFUSE_MISSING = new Set(['isObject', 'isArray', 'isDefined']);

describe('Request bodies', () => {
  it('a required nested object or array is refused when missing, not passed on undefined (class-validator skips it in @ValidateNested)', async () => {
    const storage = getMetadataStorage();
    const unguarded: string[] = [];
    const dtos = await requestDtos();
    expect(dtos.length).toBeGreaterThan(20);
    for (const dto of dtos) {
      const metadata = storage.getTargetValidationMetadatas(dto, '', true, false);
      const nested = new Set(metadata.filter((m) => m.type === 'nestedValidation').map((m) => m.propertyName));
      for (const property of nested) {
        const own = metadata.filter((m) => m.propertyName === property);
        if (own.some((m) => m.type === 'conditionalValidation')) continue; // @IsOptional / @ValidateIf: may be absent
        const rules = own.flatMap((m) =>
          m.type === 'isDefined' ? ['isDefined'] : m.constraintCls ? storage.getTargetValidatorConstraints(m.constraintCls).map((c) => c.name) : [],
        );
        if (!rules.some((rule) => REFUSE_MISSING.has(rule))) unguarded.push(`${dto.name}.${property}`);
      }
    }
    expect(unguarded).toEqual([]);
  });
});

import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { TokenCliError, mintTokenFromArgs } from '../../src/auth/mint-token.cli';
import { structureFileDirectory } from '../../src/register/contract';

/** `npm run token`: its argument handling and refusals. That it shares the app's DATA_DIR secret is shown in perimeter.e2e-spec.ts. */
describe('npm run token', () => {
  const env = { AUTH_JWT_SECRET: 'unit-test-secret-that-is-long-enough-for-hs256', DATA_DIR: '/nonexistent' };
  const verifier = TokenVerifier.create(loadConfig(env));

  it('mints a token the app accepts, with sensible defaults', async () => {
    const { token } = await mintTokenFromArgs(['--role', 'chair', '--org', 'region-varmland'], env);
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: 'chair.region-varmland',
      displayName: 'Ordförande, Region Värmland',
      organisationId: 'region-varmland',
      roles: ['chair'],
    });
  });

  it('takes subject, name, several roles and a lifetime', async () => {
    const { token } = await mintTokenFromArgs(
      ['--role', 'member', '--role', 'secretary', '--org', 'kil', '--sub', 'kalle', '--name', 'Kalle Karlsson', '--expires', '30m'],
      env,
    );
    const principal = await verifier.verify(token);
    expect(principal).toEqual({ userId: 'kalle', displayName: 'Kalle Karlsson', organisationId: 'kil', roles: ['member', 'secretary'] });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(30 * 60);
  });

  it('names the forums a secretary serves (--forum, repeatable) in the claim forums', async () => {
    const { token } = await mintTokenFromArgs(['--role', 'secretary', '--org', 'region-varmland', '--forum', 'council', '--forum', 'chairs-council'], env);
    expect((await verifier.verify(token)).forums).toEqual(['council', 'chairs-council']);
  });

  it.each([
    [['--role', 'secretary', '--org', 'kil', '--forum', 'town-hall'], 'Unknown forum "town-hall"'],
    [['--org', 'kil'], '--role is required'],
    [['--role', 'chair'], '--org is required'],
    [['--role', 'boss', '--org', 'kil'], 'Unknown role "boss"'],
    [['--role', 'chair', '--org', 'oslo'], 'Unknown organisation "oslo"'],
    [['--role', 'chair', '--org', 'kil', '--expires', 'forever'], '--expires must be a duration'],
    [['--role', 'chair', '--org', 'kil', '--colour', 'blue'], "Unknown option '--colour'"],
  ])('refuses %j', async (args, message) => {
    await expect(mintTokenFromArgs(args, env)).rejects.toThrow(message);
  });

  it('refuses when an identity provider is configured (AUTH_JWKS_URL)', async () => {
    const attempt = mintTokenFromArgs(['--role', 'chair', '--org', 'kil'], { ...env, AUTH_JWKS_URL: 'https://idp.example/jwks' });
    await expect(attempt).rejects.toThrow(TokenCliError);
    await expect(attempt).rejects.toThrow('AUTH_JWKS_URL is set');
  });

  it('refuses with NODE_ENV=production, like the app', async () => {
    await expect(mintTokenFromArgs(['--role', 'chair', '--org', 'kil'], { ...env, NODE_ENV: 'production' })).rejects.toThrow(
      'NODE_ENV=production requires AUTH_JWKS_URL',
    );
  });

  describe('another collaboration: --org and --forum are checked against its structure file, not Värmland’s', () => {
    const dalsland = {
      organisations: [{ id: 'bengtsfors', name: 'Bengtsfors kommun' }],
      forums: ['presidium'],
      source: 'the structure file dalsland.structure.json (Samverkan Dalsland)',
    };

    it('mints a token for its organisation and forum, named as the file names it', async () => {
      const { token } = await mintTokenFromArgs(['--role', 'secretary', '--org', 'bengtsfors', '--forum', 'presidium'], env, dalsland);
      expect(await verifier.verify(token)).toMatchObject({
        organisationId: 'bengtsfors',
        displayName: 'Sekreterare, Bengtsfors kommun',
        forums: ['presidium'],
      });
    });

    it.each([
      [
        ['--role', 'chair', '--org', 'kil'],
        'Unknown organisation "kil" in the structure file dalsland.structure.json (Samverkan Dalsland); one of: bengtsfors',
      ],
      [
        ['--role', 'secretary', '--org', 'bengtsfors', '--forum', 'chairs-council'],
        'Unknown forum "chairs-council" in the structure file dalsland.structure.json',
      ],
    ])('refuses Värmland’s ids %j, naming the file', async (args, message) => {
      await expect(mintTokenFromArgs(args, env, dalsland)).rejects.toThrow(message);
    });

    it('reads the configured structure file: the built-in one is Värmland’s 17 and seven forums', () => {
      const builtIn = structureFileDirectory(loadConfig(env));
      expect(builtIn).toMatchObject({ source: 'varmland.structure.json', collaboration: 'Samverkan Värmland' });
      expect(builtIn.organisations).toHaveLength(17);
      expect(builtIn.organisations).toContainEqual({ id: 'kil', name: 'Kils kommun' });
      expect(builtIn.forums).toHaveLength(7);
    });
  });
});

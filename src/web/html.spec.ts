import { html, raw, safeHref } from './html';
import { toCsv } from './exports/table-export';
import { principalFrom } from './sign-in/oidc-sign-in';
import { safeNext } from './sign-in/sign-in.controller';

describe('the escaping template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const title = `<script>alert("x")</script>' onload='y`;
    expect(html`<p title="${title}">${title}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;y</p>',
    );
  });

  it('keeps markup it made itself, joins arrays and leaves out null, undefined and false', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(
      html`<ul>
        ${items}${null}${undefined}${false}${raw('<br>')}
      </ul>`.text.replace(/\s+/g, ''),
    ).toBe('<ul><li>a&lt;b</li><li>c</li><br></ul>');
  });

  it('links only to http(s) and site paths', () => {
    expect(safeHref('https://example.org/a.pdf')).toBe('https://example.org/a.pdf');
    expect(safeHref('/web/log')).toBe('/web/log');
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '//evil.example/x', 'vbscript:x'])
      expect(safeHref(url)).toBeUndefined();
  });
});

describe('after sign-in, only a path of the web pages', () => {
  it.each([
    ['/web/log?forum=council', '/web/log?forum=council'],
    ['/web', '/web'],
    ['//evil.example/web', undefined],
    ['https://evil.example/web', undefined],
    ['/web\\..\\x', undefined],
    ['/docs', undefined],
    ['/webby', undefined],
  ])('%s → %s', (next, expected) => expect(safeNext(next)).toBe(expected));
});

describe('the principal from OpenID Connect claims', () => {
  const settings = { roleClaim: 'roles', organisationClaim: 'org', nameClaim: 'name' };

  it('takes roles as an array or a space-separated string', () => {
    expect(principalFrom({ sub: 'a', org: 'kil', roles: ['member'], name: 'Kim' }, settings)).toEqual({
      userId: 'a',
      displayName: 'Kim',
      organisationId: 'kil',
      roles: ['member'],
    });
    expect(principalFrom({ sub: 'b', org: 'karlstad', roles: 'offline_access chair' }, settings).roles).toEqual(['offline_access', 'chair']);
  });

  it('refuses claims without an organisation id or any role (which organisations there are, OidcSignIn asks the register)', () => {
    expect(() => principalFrom({ sub: 'a', org: 'Atlantis!', roles: ['member'] }, settings)).toThrow('must name an organisation');
    expect(() => principalFrom({ sub: 'a', roles: ['member'] }, settings)).toThrow('must name an organisation');
    expect(principalFrom({ sub: 'a', org: 'bengtsfors', roles: ['member'] }, settings).organisationId).toBe('bengtsfors');
    expect(() => principalFrom({ sub: 'a', org: 'kil' }, settings)).toThrow('grants no role');
  });
});

describe('CSV', () => {
  it('quotes every field, doubles quotes, and makes formulas inert', () => {
    expect(
      toCsv({
        name: 'x',
        headings: ['A', 'B'],
        rows: [
          ['say "hi"', '=1+1'],
          [null, 3],
        ],
      }),
    ).toBe('\uFEFF"A";"B"\r\n"say ""hi""";"\'=1+1"\r\n"";"3"\r\n');
  });
});

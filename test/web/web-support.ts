import request from 'supertest';
import { TestApp } from '../support/test-app';

/** Pulls the value of a hidden form field out of a page. */
export function hiddenField(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no hidden field ${name} in the page`);
  return match[1];
}

/** A browser-like agent: keeps cookies, asks for HTML. */
export function browser(t: TestApp) {
  return request.agent(t.app.getHttpServer()).set('Accept', 'text/html');
}

/** Signs in on the local sign-in page as a browser would: fetch the form, post it with its CSRF token. */
export async function signIn(agent: ReturnType<typeof browser>, role: string, organisation: string, name = `Test ${role}`) {
  const form = await agent.get('/web/sign-in').expect(200);
  const csrf = hiddenField(form.text, '_csrf');
  await agent.post('/web/sign-in').type('form').send({ _csrf: csrf, name, role, organisation }).expect(303).expect('Location', '/web');
}

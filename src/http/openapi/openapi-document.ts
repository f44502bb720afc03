import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The extension `@Public()` puts on its operations; read here and replaced by `security: []`. */
export const PUBLIC_OPERATION = 'x-public';

const BEARER = 'bearer';

/**
 * The OpenAPI document the server serves at /docs-json, built in one place so
 * that `npm run lint:openapi` and the typed client's test read the very
 * document clients read. Bearer authentication is the document's default;
 * an operation marked `@Public()` says `security: []` instead.
 * `publicBaseUrl`: where clients reach the API; unset, the document's server
 * is relative ('/'), so it works behind any host name.
 */
export function buildOpenApiDocument(app: INestApplication, publicBaseUrl?: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Frågespår')
    .setDescription(
      'Följer varje fråga i Samverkan Värmland från idé till beslut i varje medlemsorganisation. ' +
        'Follows every question of Samverkan Värmland from idea to the decision of each member organisation. ' +
        'Every error is application/problem+json (RFC 9457); see docs/http-api.md.',
    )
    .setVersion('0.1.0')
    .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addServer(publicBaseUrl ?? '/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .addSecurityRequirements(BEARER)
    .build();
  const document = SwaggerModule.createDocument(app, builder);
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<Record<string, unknown>>) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (operation[PUBLIC_OPERATION]) operation.security = [];
      else delete operation.security; // the document's default applies
      delete operation[PUBLIC_OPERATION];
    }
  }
  return document;
}

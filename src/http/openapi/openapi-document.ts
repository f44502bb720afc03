import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

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
      if (Array.isArray(operation.parameters)) operation.parameters = onePerHeader(operation.parameters as ParameterObject[]);
      if (operation[PUBLIC_OPERATION]) operation.security = [];
      else delete operation.security; // the document's default applies
      delete operation[PUBLIC_OPERATION];
    }
  }
  return document;
}

/**
 * One entry per parameter: a header a handler reads with `@Headers('x-after-position')`
 * comes out required and undescribed beside the controller's `@ApiHeader()` for it
 * (Nest's explorer merges the two only when both are on the method). Header names
 * are case-insensitive; the described entry is kept. Accept, Content-Type and
 * Authorization are not parameters in OpenAPI and are left out.
 */
const NOT_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

function onePerHeader(parameters: ParameterObject[]): ParameterObject[] {
  const key = (parameter: ParameterObject) => `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  const kept = new Map<string, ParameterObject>();
  // OpenAPI ignores these as header parameters: content negotiation and authentication say them elsewhere.
  for (const parameter of parameters.filter((candidate) => !(candidate.in === 'header' && NOT_PARAMETERS.has(candidate.name.toLowerCase())))) {
    const earlier = kept.get(key(parameter));
    if (!earlier || (!earlier.description && parameter.description)) kept.set(key(parameter), parameter);
  }
  return [...kept.values()];
}

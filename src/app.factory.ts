import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response, json } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { contentSecurityPolicyOnHtml } from './http/content-security-policy';
import { PrototypeKeepingExpressAdapter } from './http/express-adapter';
import { ACCEPTED_BODY_TYPES, refuseUnsafeInput, requireJsonBodies } from './http/input-rules';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem';
import { buildOpenApiDocument } from './http/openapi/openapi-document';
import { createValidationPipe } from './http/validation';
import { InfrastructureOverrides } from './infrastructure.module';
import { NestPinoLogger, createRootLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { observeRequests, reenterRequestContext } from './observability/request-observer';

/** Builds the configured application; `main.ts`, the tests and the scripts all start it this way. */
export async function createApp(
  config: AppConfig,
  overrides: InfrastructureOverrides = {},
  logger: LogLevel[] | false = ['log', 'warn', 'error'],
): Promise<INestApplication> {
  const rootLogger = createRootLogger(config, overrides.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, overrides), new PrototypeKeepingExpressAdapter(), {
    bodyParser: false,
    logger: new NestPinoLogger(rootLogger, logger || []),
  });
  // Before everything else, so that every response carries the correlation id and every request gets its log line.
  app.use(observeRequests(logger && logger.includes('log') ? rootLogger : rootLogger.child({}, { level: 'silent' }), app.get(Metrics)));
  // Rate limiting counts per client address; behind a proxy that address comes from X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);
  // Helmet's other headers; the Content-Security-Policy is ours, on every HTML response, allowing a document's own <style> by its hash.
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(contentSecurityPolicyOnHtml);
  app.use(requireJsonBodies);
  app.use(json({ limit: config.bodyLimit, type: ACCEPTED_BODY_TYPES }));
  app.use(bodyErrorsAsProblems);
  app.use(refuseUnsafeInput);
  app.use(reenterRequestContext);
  app.enableCors({ origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app));
  return app;
}

/**
 * Body errors (malformed JSON, oversized body, unsupported charset or encoding, …)
 * fail before routing; answer them as problem+json too. Without this, Express's
 * default handler would answer with an HTML page carrying the stack trace.
 */
function bodyErrorsAsProblems(error: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction) {
  if (!error) return next();
  const tooLarge = error.type === 'entity.too.large';
  const malformed = error.type === 'entity.parse.failed';
  const status = tooLarge ? 413 : malformed ? 400 : error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify(
        tooLarge
          ? { type: problemType('body-too-large'), title: 'Request body too large', status, detail: 'The request body exceeds the size limit.' }
          : malformed
            ? { type: problemType('malformed-json'), title: 'Malformed JSON', status, detail: 'The request body is not valid JSON.' }
            : status < 500
              ? {
                  type: problemType('unreadable-body'),
                  title: 'Unreadable request body',
                  status,
                  detail: 'The request body could not be read (send UTF-8 JSON).',
                }
              : { type: problemType('internal'), title: 'Internal error', status, detail: 'An unexpected error occurred.' },
      ),
    );
}

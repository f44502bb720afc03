import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response, json } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem';
import { createValidationPipe } from './http/validation';
import { InfrastructureOverrides } from './infrastructure.module';

/** Builds the configured application; `main.ts`, the tests and the scripts all start it this way. */
export async function createApp(
  config: AppConfig,
  overrides: InfrastructureOverrides = {},
  logger: LogLevel[] | false = ['log', 'warn', 'error'],
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, overrides), { bodyParser: false, logger });
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(json({ limit: config.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(bodyErrorsAsProblems);
  app.enableCors({ origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Frågespår')
    .setDescription(
      'Följer varje fråga i Samverkan Värmland från idé till beslut i varje medlemsorganisation. ' +
        'Follows every question of Samverkan Värmland from idea to the decision of each member organisation.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

/** Malformed JSON and oversized bodies fail before routing; answer them as problem+json too. */
function bodyErrorsAsProblems(error: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction) {
  if (!error) return next();
  const tooLarge = error.type === 'entity.too.large';
  const malformed = error.type === 'entity.parse.failed';
  if (!tooLarge && !malformed) return next(error);
  const status = tooLarge ? 413 : 400;
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(tooLarge ? 'body-too-large' : 'malformed-json'),
        title: tooLarge ? 'Request body too large' : 'Malformed JSON',
        status,
        detail: tooLarge ? 'The request body exceeds the size limit.' : 'The request body is not valid JSON.',
      }),
    );
}

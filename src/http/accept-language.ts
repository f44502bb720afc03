import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Request, Response } from 'express';
import type { Language } from '../shared-kernel/language';

export type { Language };

/**
 * The reader's language: Swedish, the users' language, unless Accept-Language
 * prefers English (`en`, `en-GB`, …) over Swedish by its q-values. Sets
 * Content-Language on the response, and Vary: Accept-Language so that a cache
 * keeps the Swedish and the English answer apart.
 */
export const PreferredLanguage = createParamDecorator((_: unknown, context: ExecutionContext): Language => {
  const http = context.switchToHttp();
  const language = preferredLanguage(http.getRequest<Request>().headers['accept-language']);
  const response = http.getResponse<Response>();
  response.setHeader('Content-Language', language);
  response.vary('Accept-Language');
  return language;
});

export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'sv';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [range, ...parameters] = part.trim().toLowerCase().split(';');
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
      return { primary: range.split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0 && !Number.isNaN(range.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const best = ranges.find((range) => range.primary === 'sv' || range.primary === 'en');
  return best?.primary === 'en' ? 'en' : 'sv';
}

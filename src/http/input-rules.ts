import { NextFunction, Request, Response } from 'express';
import { FieldError, InvalidInputError, PROBLEM_CONTENT_TYPE, Problem, problemType } from './problem';

/** The media types a request body may have: JSON, as every route reads it. */
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/*+json'];

/** Deepest nesting a request body may have; the deepest body the API reads nests 3 levels. */
export const MAX_BODY_DEPTH = 32;

/** Keys that name an object's prototype machinery: never a field of ours, so refused like any unknown field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many problems are listed; one is enough to fix, a few help. */
const MAX_ERRORS = 20;

/** The pages (src/web/) post HTML forms, which their own middleware reads (WebMiddleware). */
const PAGES = /^\/web(?:\/|$)/;
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The import (src/import/) takes a file upload, which its own interceptor reads, checking size and type. */
const UPLOADS = /^\/imports\/?$/;
const UPLOAD_TYPE = 'multipart/form-data';

/**
 * A body that is not JSON is refused with 415 naming the accepted type, before
 * it is read: otherwise a JSON body sent as text/plain or with no
 * Content-Type would be read as no body and answered with errors about fields
 * that were in fact sent. A request with no body (content length 0) needs no type;
 * a page's form is sent as a form, and a file to import as an upload.
 */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const length = Number(req.headers['content-length'] ?? 0);
  if ((!chunked && !(length > 0)) || req.is(ACCEPTED_BODY_TYPES)) return next();
  if (PAGES.test(req.path) && req.is(FORM_TYPE)) return next();
  if (UPLOADS.test(req.path) && req.is(UPLOAD_TYPE)) return next();
  const sent = req.headers['content-type'];
  sendProblem(res, {
    type: problemType('unsupported-media-type'),
    title: 'Unsupported media type',
    status: 415,
    detail: `The request body must be JSON, sent with Content-Type: application/json; ${sent ? `it was sent as ${sent}` : 'it was sent without a Content-Type'}.`,
    accepted: ['application/json'],
  });
}

/**
 * Refuses, as 400 naming the field, what the validation of each route cannot
 * see or would fail on: text that PostgreSQL cannot store (NUL, a lone UTF-16
 * surrogate) in any field, key, query parameter or the path; a body nested
 * deeper than MAX_BODY_DEPTH (class-validator recurses, and overflowed the
 * stack); and prototype keys (`__proto__`, `constructor`, `prototype`), which
 * the transformation into DTOs dropped silently. Runs after the JSON parser.
 */
export function refuseUnsafeInput(req: Request, res: Response, next: NextFunction): void {
  const errors = [...pathErrors(req.path), ...unsafeInputErrors(req.query), ...unsafeInputErrors(req.body)];
  if (errors.length === 0) return next();
  const error = new InvalidInputError(errors.slice(0, MAX_ERRORS));
  sendProblem(res, { type: problemType('invalid-input'), title: 'Invalid input', status: 400, detail: error.message, errors: error.errors });
}

function pathErrors(path: string): FieldError[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return [{ field: 'path', rule: 'isUtf8', message: 'The path must be percent-encoded UTF-8' }];
  }
  return unstorable(decoded) ? [{ field: 'path', rule: 'isStorableText', message: textMessage('The path') }] : [];
}

/**
 * What is refused in a parsed body or query (see refuseUnsafeInput): walked
 * without recursion, so no depth can overflow the stack. The pages' forms,
 * parsed later by their own middleware, are checked with it there.
 */
export function unsafeInputErrors(root: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (pending.length > 0 && errors.length < MAX_ERRORS) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) errors.push({ field: path || 'body', rule: 'isStorableText', message: textMessage(path || 'The body') });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH) {
      errors.push({ field: path || 'body', rule: 'maxDepth', message: `The body nests deeper than ${MAX_BODY_DEPTH} levels at ${path || 'its top'}` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (unstorable(key)) {
        errors.push({ field: path || 'body', rule: 'isStorableText', message: textMessage(`A field name in ${path || 'the body'}`) });
      } else if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) {
        errors.push({ field: childPath, rule: 'unknownField', message: `${childPath} is not a known field` });
      } else {
        pending.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return errors;
}

/** NUL, or a UTF-16 surrogate without its pair: PostgreSQL stores neither in text or jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

function textMessage(what: string): string {
  return `${what} contains a NUL character (\\u0000) or a lone UTF-16 surrogate, which cannot be stored`;
}

function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with the HTTP server making each request and
 * response with Express's own prototypes (`app.request`, `app.response`)
 * from the start.
 *
 * Express gives every request and response those prototypes by
 * `Object.setPrototypeOf` as it handles them. On an object that already has
 * them that call changes nothing; otherwise V8 gives the object a new
 * prototype, and the young-generation GC then keeps the request, its response
 * and all they reference alive until the next full GC. Each scavenge copied
 * and promoted 2-5 MB of finished requests, and on this project's VM, where a
 * first touch of a page costs ~12 µs, a scavenge took 8-13 ms and was the
 * p99 of every read endpoint. With the prototypes given at creation nothing
 * of a finished request survives (docs/performance.md, seventh round).
 *
 * HTTPS and forceCloseConnections (neither used here) keep Nest's own server.
 */
export class PrototypeKeepingExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = createServer({ IncomingMessage: requestClass(app), ServerResponse: responseClass(app) }, app);
  }
}

/** IncomingMessage, constructed with Express's request prototype (which inherits IncomingMessage's). */
function requestClass(app: Express): typeof IncomingMessage {
  const Request = function (this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>) {
    IncomingMessage.apply(this, args);
  } as unknown as typeof IncomingMessage;
  Request.prototype = app.request as unknown as IncomingMessage;
  return Request;
}

/** ServerResponse, constructed with Express's response prototype (which inherits ServerResponse's). */
function responseClass(app: Express): typeof ServerResponse {
  const Response = function (this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) {
    ServerResponse.apply(this, args);
  } as unknown as typeof ServerResponse;
  Response.prototype = app.response as unknown as ServerResponse;
  return Response;
}

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
 * and all they reference alive until the next full GC, and every scavenge
 * copies finished requests, a pause that sets the p99 of every read endpoint.
 * With the prototypes given at creation nothing of a finished request
 * survives.
 *
 * HTTPS and forceCloseConnections (neither used here) keep Nest's own server.
 */
export class PrototypeKeepingExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = createServer(
      {
        IncomingMessage: constructedWith(IncomingMessage, app.request) as typeof IncomingMessage,
        ServerResponse: constructedWith(ServerResponse, app.response) as typeof ServerResponse,
      },
      app,
    );
  }
}

/**
 * A constructor that runs `base`'s and gives its objects `prototype`
 * (Express's `app.request` or `app.response`, which inherit `base.prototype`).
 * A function, not a class: Node calls it with `new`, and a class extending
 * `base` could not make its prototype an object Express already made.
 */
function constructedWith<Args extends unknown[]>(base: new (...args: Args) => object, prototype: object): new (...args: Args) => object {
  const Constructor = function (this: object, ...args: Args) {
    (base as unknown as (...args: Args) => void).apply(this, args);
  } as unknown as new (...args: Args) => object;
  Constructor.prototype = prototype;
  return Constructor;
}

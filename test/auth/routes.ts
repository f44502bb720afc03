import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Action } from '../../src/auth/access-policy';
import { allowedActionOf, isPublicRoute } from '../../src/auth/auth.guard';

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** With `:params`, e.g. `/questions/:id/accept`. */
  path: string;
  /** From `@Allow(...)`; undefined on a public route (or a route that forgot it). */
  action?: Action;
  isPublic: boolean;
  name: string;
}

/**
 * Every route of the running application, read from the controllers' metadata:
 * the access tests walk this list, so a route added later is covered without
 * anyone remembering to add it to a test.
 */
export function routesOf(app: INestApplication): Route[] {
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of methodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const subPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (subPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase() as Route['method'];
        const path = `/${[base, String(subPath)]
          .map((part) => part.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        routes.push({
          method,
          path,
          action: allowedActionOf(reflector, handler, controller),
          isPublic: isPublicRoute(reflector, handler, controller),
          name: `${controller.name}.${name}`,
        });
      }
    }
  }
  return routes;
}

/** A controller's methods, its own and those it inherits (the web forms' routes come from FormRoutes), as Nest finds them. */
function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let at: object | null = prototype; at && at !== Object.prototype; at = Reflect.getPrototypeOf(at)) {
    for (const name of Object.getOwnPropertyNames(at)) names.add(name);
  }
  return [...names];
}

/** Fills a route's `:params`: known ones with the given values, others with a placeholder. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'placeholder');
}

import type { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

/**
 * What a module brings to a mechanism — its migrations to the database, its
 * projections to the projection engine, its reactions to the reaction runner —
 * declared among the module's own providers with `contribute`, beside its
 * controllers and handlers. The composition root (`src/app-modules.ts`)
 * gathers each kind from the modules it is made of and hands the lists to the
 * mechanisms, so no mechanism and no central list names a capability.
 */
export interface ContributionKind<T> {
  readonly name: string;
  /** Never read: it only carries the type of the items. */
  readonly item?: T;
}

export function contributionKind<T>(name: string): ContributionKind<T> {
  return { name };
}

class Contribution<T> {
  constructor(
    readonly kind: ContributionKind<T>,
    readonly owner: string,
    readonly items: readonly T[],
  ) {}
}

/** A provider that declares `items` of `kind`, brought by `owner` (the slice or mechanism that owns them). */
export function contribute<T>(kind: ContributionKind<T>, owner: string, items: readonly T[]): Provider {
  return { provide: Symbol(`${kind.name}:${owner}`), useValue: new Contribution(kind, owner, items) };
}

type ModuleEntry = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** The items of `kind` that one module declares itself (not those of the modules it imports). */
export function declaredBy<T>(kind: ContributionKind<T>, moduleClass: Type<unknown>): T[] {
  return metadata<Provider>(moduleClass, MODULE_METADATA.PROVIDERS).flatMap((provider) => itemsOf(kind, provider));
}

/** Every item of `kind` that the modules, and the modules they import, declare; each module is read once, in import order. */
export function contributionsTo<T>(kind: ContributionKind<T>, modules: readonly ModuleEntry[]): T[] {
  const items: T[] = [];
  const seen = new Set<unknown>();
  const visit = (entry: ModuleEntry): void => {
    if (entry instanceof Promise || 'forwardRef' in entry) return;
    const moduleClass = 'module' in entry ? entry.module : entry;
    const dynamic = 'module' in entry ? entry : undefined;
    if (seen.has(dynamic ?? moduleClass)) return;
    seen.add(dynamic ?? moduleClass);
    const imports = [...metadata<ModuleEntry>(moduleClass, MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])];
    imports.forEach(visit);
    for (const provider of [...metadata<Provider>(moduleClass, MODULE_METADATA.PROVIDERS), ...(dynamic?.providers ?? [])])
      items.push(...itemsOf(kind, provider));
  };
  modules.forEach(visit);
  return items;
}

function itemsOf<T>(kind: ContributionKind<T>, provider: Provider): readonly T[] {
  const value: unknown = typeof provider === 'object' && 'useValue' in provider ? provider.useValue : undefined;
  return value instanceof Contribution && value.kind === kind ? (value.items as readonly T[]) : [];
}

function metadata<T>(moduleClass: Type<unknown>, key: string): T[] {
  return (Reflect.getMetadata(key, moduleClass) as T[] | undefined) ?? [];
}

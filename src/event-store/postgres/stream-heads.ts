import { LruMap } from '../../shared-kernel/lru-map';

/**
 * A bounded memory of streams' last revision and hash (the PostgreSQL
 * adapter's known heads). Entries only ever describe committed events, which
 * never change: an entry can be behind the stream, never wrong about the
 * revision it names.
 */
export class StreamHeads {
  private readonly heads: LruMap<{ revision: number; hash: string }>;

  constructor(maxStreams: number) {
    this.heads = new LruMap(maxStreams);
  }

  get(streamId: string): { revision: number; hash: string } | undefined {
    return this.heads.get(streamId);
  }

  set(streamId: string, revision: number, hash: string): void {
    const known = this.heads.get(streamId);
    // A read that raced an append must not move the memory backwards.
    if (known && known.revision > revision) return;
    this.heads.set(streamId, { revision, hash });
  }

  delete(streamId: string): void {
    this.heads.delete(streamId);
  }
}

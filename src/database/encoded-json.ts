/**
 * A JSON document serialised and encoded to UTF-8 ahead of the query that
 * sends it. `pg` sends a Buffer parameter as it is (binary format, which for
 * `text` and `json` is the same UTF-8 bytes), so the query itself does no
 * encoding. For a projection's batch of rows that work is a real share of
 * Node's time: V8 returns a large JSON.stringify result as a tree of pieces,
 * which the first byte count has to copy into one string. Done while the batch is
 * prepared, it overlaps the write before it instead of delaying its own
 * (docs/performance.md, "Design choices for speed").
 *
 * The embedded database runs in the process and takes text
 * (embedded-pool.ts), decoded from the bytes when it is sent.
 */
export class EncodedJson {
  private constructor(readonly bytes: Buffer) {}

  /** The items as an encoded JSON array, or null when there are none (a write with nothing to write). */
  static ofItems(items: readonly unknown[]): EncodedJson | null {
    return items.length === 0 ? null : new EncodedJson(Buffer.from(JSON.stringify(items), 'utf8'));
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }

  /** pg's hook for a parameter of its own type. */
  toPostgres(): Buffer {
    return this.bytes;
  }
}

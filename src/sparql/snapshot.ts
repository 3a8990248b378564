// The SPARQL store's content on disk, beside the database (issue 22): a restart reads it and replays only
// the outbox entries written after it, instead of mapping every dataset from the database again (the
// mapping is the slow part: 124.6 s for 98,019 datasets on PostgreSQL).
//
// What is written is the store's journal: each graph's source, deflated, as the workers take it, so
// loading needs no mapping and no compression. Layout (all integers big-endian):
//   "PASPORT-SPARQL-SNAPSHOT 1\n", u32 header length, header JSON,
//   per graph: u32 IRI length, IRI, u8 format, u8 public, u32 data length, data,
//   sha256 of everything before it (32 bytes).
// The header names the outbox position the content reflects and a fingerprint of the database (the
// creation times of the outbox rows at that position and at the first one), so a snapshot of another
// database, or of this one before a restore, is refused. It is written to a temporary file, synced and
// renamed over the old one: a crash leaves the old snapshot or the new, never half of one. A file that
// does not check out is reported (SnapshotInvalid) and the caller rebuilds from the database.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReplayEntry } from './pool.ts';

const MAGIC = Buffer.from('PASPORT-SPARQL-SNAPSHOT 1\n');
const FORMATS = ['application/n-triples', 'text/turtle', 'application/rdf+xml'];

export interface SnapshotHeader {
  /** Every outbox entry up to this id is in the content (later ones may be too: replaying is idempotent). */
  position: number;
  /** Database fingerprint: `created` of the outbox rows `position` and the first one. */
  positionCreated: string | null;
  firstCreated: string | null;
  /** The graphs' IRIs and their mapping depend on these. */
  siteUrl: string;
  mapping: string;
  graphs: number;
  written: string;
}

export class SnapshotInvalid extends Error {
  override name = 'SnapshotInvalid';
}

/** Writes atomically (temporary file, fsync, rename). Returns the bytes written. */
export async function writeSnapshot(
  file: string,
  header: Omit<SnapshotHeader, 'graphs' | 'written'>,
  entries: ReplayEntry[],
): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await fs.open(tmp, 'w');
  const hash = createHash('sha256');
  let size = 0;
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  const put = async (b: Buffer, force = false) => {
    hash.update(b);
    chunk.push(b);
    chunkBytes += b.length;
    size += b.length;
    if (chunkBytes > 4 << 20 || force) {
      await fh.write(Buffer.concat(chunk));
      chunk = [];
      chunkBytes = 0;
    }
  };
  try {
    const head = Buffer.from(JSON.stringify({ ...header, graphs: entries.length, written: new Date().toISOString() }));
    await put(MAGIC);
    await put(u32(head.length));
    await put(head);
    for (const [graph, bytes, format, isPublic] of entries) {
      const iri = Buffer.from(graph);
      const meta = Buffer.alloc(10);
      meta.writeUInt32BE(iri.length, 0);
      await put(meta.subarray(0, 4));
      await put(iri);
      meta.writeUInt8(Math.max(0, FORMATS.indexOf(format)), 4);
      meta.writeUInt8(isPublic ? 1 : 0, 5);
      meta.writeUInt32BE(bytes.length, 6);
      await put(meta.subarray(4));
      await put(bytes);
    }
    await put(Buffer.alloc(0), true);
    await fh.write(hash.digest());
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  return size + 32;
}

function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Reads and checks a snapshot. null when there is none; SnapshotInvalid when it does not check out. */
export async function readSnapshot(file: string): Promise<{ header: SnapshotHeader; entries: ReplayEntry[] } | null> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotInvalid(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (buf.length < MAGIC.length + 36 || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    throw new SnapshotInvalid('not a SPARQL store snapshot');
  const body = buf.subarray(0, buf.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(buf.subarray(buf.length - 32))
  )
    throw new SnapshotInvalid('checksum mismatch (truncated or damaged file)');
  try {
    let at = MAGIC.length;
    const headLen = body.readUInt32BE(at);
    at += 4;
    const header = JSON.parse(body.subarray(at, at + headLen).toString('utf8')) as SnapshotHeader;
    at += headLen;
    const entries: ReplayEntry[] = [];
    while (at < body.length) {
      const iriLen = body.readUInt32BE(at);
      const graph = body.subarray(at + 4, at + 4 + iriLen).toString('utf8');
      at += 4 + iriLen;
      const format = FORMATS[body.readUInt8(at)] ?? FORMATS[0];
      const isPublic = body.readUInt8(at + 1) === 1;
      const len = body.readUInt32BE(at + 2);
      at += 6;
      if (at + len > body.length) throw new Error('entry runs past the end');
      // A copy of exactly its size: a view would pin the whole file for as long as any graph lives.
      entries.push([graph, Buffer.from(new Uint8Array(body.subarray(at, at + len))), format, isPublic]);
      at += len;
    }
    if (entries.length !== header.graphs) throw new Error(`${entries.length} graphs, header says ${header.graphs}`);
    return { header, entries };
  } catch (e) {
    throw new SnapshotInvalid(`malformed snapshot: ${(e as Error).message}`);
  }
}

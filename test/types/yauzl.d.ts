// The part of yauzl's API (https://github.com/thejoshwolfe/yauzl) that test/package/vsix.test.ts uses;
// yauzl ships no type declarations of its own.
declare module 'yauzl' {
  import type { Readable } from 'node:stream';

  export interface Entry {
    fileName: string;
  }

  export interface ZipFile {
    readEntry(): void;
    openReadStream(entry: Entry, callback: (err: Error | null, stream: Readable) => void): void;
    close(): void;
    on(event: 'entry', listener: (entry: Entry) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
  }

  export function open(path: string, options: { lazyEntries: boolean }, callback: (err: Error | null, zipfile: ZipFile) => void): void;
}

// A pass-through stream that fails once more than `limit` bytes went through it: request
// bodies that stream (git's upload-pack requests, imported bundles) are cut off as they arrive.
import { Transform, type TransformCallback } from "node:stream";

export class SizeLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(this.tooLarge());
    else done(null, chunk);
  }
}

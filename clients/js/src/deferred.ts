// A promise with its settle functions outside, used for `ready`, a room join waiting for the next
// welcome, and a socket's closing.

/** A settable promise that knows whether it settled; rejections nobody awaits are not reported as unhandled. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  settled = false;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = v => { this.settled = true; resolve(v); };
      this.reject = e => { this.settled = true; reject(e); };
    });
    this.promise.catch(() => undefined);
  }
}

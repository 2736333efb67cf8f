// A double-ended queue on a growable ring buffer: the scheduler pops its waiting queue from the
// front and pushes preempted sequences back to the front, both O(1).

export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(capacity = 16) {
    this.buf = new Array<T | undefined>(Math.max(4, capacity));
  }

  get length(): number {
    return this.size;
  }

  at(i: number): T {
    return this.buf[(this.head + i) % this.buf.length] as T;
  }

  peekFront(): T | undefined {
    return this.size === 0 ? undefined : this.buf[this.head];
  }

  pushBack(x: T): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) % this.buf.length] = x;
    this.size++;
  }

  pushFront(x: T): void {
    if (this.size === this.buf.length) this.grow();
    this.head = (this.head - 1 + this.buf.length) % this.buf.length;
    this.buf[this.head] = x;
    this.size++;
  }

  popFront(): T | undefined {
    if (this.size === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return x;
  }

  /** Keep only the items for which `keep` is true, in order. */
  filter(keep: (x: T) => boolean): void {
    const items: T[] = [];
    for (let i = 0; i < this.size; i++) {
      const x = this.at(i);
      if (keep(x)) items.push(x);
    }
    this.buf = new Array<T | undefined>(Math.max(4, this.buf.length));
    this.head = 0;
    this.size = 0;
    for (const x of items) this.pushBack(x);
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.buf.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }
}

// A list read page by page (`next_page`): the first page when the inputs change, the next on
// demand, appended.
import { useEffect, useState } from "preact/hooks";

export interface Paged<T> {
  items: T[] | null;
  error: unknown;
  more: (() => void) | null;
}

export function usePaged<T>(fetchPage: (page: string | null) => Promise<{ data: T[]; next_page: string | null }>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const load = async (page: string | null) => {
    try {
      const res = await fetchPage(page);
      setItems((old) => (page && old ? [...old, ...res.data] : res.data));
      setNext(res.next_page);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    setItems(null);
    void load(null);
  }, deps);
  return { items, error, more: next ? () => void load(next) : null };
}

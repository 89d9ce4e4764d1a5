// A list read page by page (`next_page`): the first page when the inputs change, the next on
// demand, appended; or, with `all`, every page, each shown as it arrives.
import { useEffect, useRef, useState } from "preact/hooks";

export interface Paged<T> {
  items: T[] | null;
  error: unknown;
  more: (() => void) | null;
}

export function usePaged<T>(
  fetchPage: (page: string | null) => Promise<{ data: T[]; next_page: string | null }>,
  deps: unknown[],
  options: { all?: boolean } = {},
): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const generation = useRef(0);
  const load = async (page: string | null, mine: number) => {
    try {
      const res = await fetchPage(page);
      if (mine !== generation.current) return;
      setItems((old) => (page && old ? [...old, ...res.data] : res.data));
      setNext(res.next_page);
      setError(undefined);
      if (options.all && res.next_page !== null) await load(res.next_page, mine);
    } catch (err) {
      if (mine === generation.current) setError(err);
    }
  };
  // The old items stay until the new first page replaces them (a refreshed tree does not flicker).
  useEffect(() => {
    void load(null, ++generation.current);
  }, deps);
  return { items, error, more: next && !options.all ? () => void load(next, generation.current) : null };
}

/** A list page's data: REST pages merged with a live topic, reloaded when `key` changes. */

import { useCallback, useEffect, useMemo, useState } from "react";
import type { Page } from "../lib/api/types";
import type { EntityListOptions } from "../lib/feed/entityList";
import { EntityList } from "../lib/feed/entityList";
import { useServices } from "./useServices";
import { useStore } from "./useStore";

export interface LiveList<T extends { id: number }> {
  list: EntityList<T>;
  error: Error | null;
  reload: () => void;
  /** Fetch the next keyset page, if any. */
  loadMore: () => Promise<void>;
  loadingMore: boolean;
}

export function useLiveList<T extends { id: number }>(
  options: EntityListOptions<T>,
  load: () => Promise<Page<T>[]>,
  loadNext: ((cursor: string) => Promise<Page<T>>) | null,
  topic: string,
  key: string,
): LiveList<T> {
  const { feed } = useServices();
  // One list per key: a filter change starts a fresh list.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const list = useMemo(() => new EntityList<T>(options), [key]);
  // A failure belongs to the list it happened to: a new filter starts without it.
  const [failure, setFailure] = useState<{ list: EntityList<T>; error: Error } | null>(null);
  const error = failure?.list === list ? failure.error : null;
  const fail = useCallback(
    (err: unknown) =>
      setFailure({ list, error: err instanceof Error ? err : new Error(String(err)) }),
    [list],
  );
  const [generation, setGeneration] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  useStore(list);

  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let current = true;
    load().then(
      (pages) => {
        if (!current) return;
        list.reset(...pages);
        unsubscribe = feed.subscribe(topic, list.token, {
          onEvents: (events) => list.apply(events),
        });
      },
      (err: unknown) => current && fail(err),
    );
    return () => {
      current = false;
      unsubscribe?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list, generation, topic]);

  const loadMore = useCallback(async () => {
    if (!loadNext || list.next === null) return;
    setLoadingMore(true);
    try {
      list.addPage(await loadNext(list.next));
    } catch (err) {
      fail(err);
    } finally {
      setLoadingMore(false);
    }
  }, [list, loadNext, fail]);

  const reload = () => {
    setFailure(null);
    setGeneration((g) => g + 1);
  };
  return { list, error, reload, loadMore, loadingMore };
}

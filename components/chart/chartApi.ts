import { useCallback, useEffect, useRef, useState } from "react";
import { callApi, type ApiFailure, type ApiResult } from "@/lib/client/api";

// How the chart panel reads its data: the paths of the chart API, and two
// hooks over callApi (the app's one fetch wrapper) — one resource, and a list
// read a page at a time with the server's cursor. Loading is derived from
// which request the stored result answers, so a changed path or a reload never
// shows the previous patient's or filter's data as current.

/** /api/patients/<id>/<section>?<params>, leaving out empty parameters. */
export function patientApiPath(patientId: string, section: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== "") query.set(name, value);
  const search = query.toString();
  return `/api/patients/${encodeURIComponent(patientId)}/${section}${search ? `?${search}` : ""}`;
}

/** The path with one more query parameter. */
export function withParam(path: string, name: string, value: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${new URLSearchParams({ [name]: value })}`;
}

type Failure = ApiFailure;

export interface Resource<T> {
  /** The newest data for this path (kept while a reload is under way); null before the first answer. */
  data: T | null;
  loading: boolean;
  error: Failure | null;
  reload: () => void;
}

/**
 * GET `path` (null: nothing yet) and again whenever `path` or `refreshKey`
 * changes or reload() is called. `initial` is the first answer when the server
 * rendered it into the page, which saves the request after hydration.
 */
export function useChartResource<T>(path: string | null, refreshKey = 0, initial?: T): Resource<T> {
  const [reloads, setReloads] = useState(0);
  const request = path === null ? null : `${refreshKey}|${reloads}|${path}`;
  // Requests only ever move forward (the key and the reload count only grow), so the initial one never comes back.
  const answeredByServer = useRef(initial === undefined ? null : request);
  const [stored, setStored] = useState<{ path: string; request: string; result: ApiResult<T> } | null>(() =>
    path !== null && request !== null && initial !== undefined ? { path, request, result: { ok: true, status: 200, data: initial } } : null,
  );

  useEffect(() => {
    if (path === null || request === null || request === answeredByServer.current) return;
    const controller = new AbortController();
    callApi<T>(path, { signal: controller.signal }).then(
      (result) => setStored({ path, request, result }),
      () => undefined, // aborted: a newer request replaced this one
    );
    return () => controller.abort();
  }, [path, request]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const samePath = stored !== null && stored.path === path;
  const result = samePath ? stored.result : null;
  return {
    data: result?.ok ? result.data : null,
    loading: path !== null && stored?.request !== request,
    error: result && !result.ok && stored?.request === request ? result : null,
    reload,
  };
}

export interface CursorPages<Item> {
  items: Item[];
  /** The first page is loading (after a change of path, a refresh or a reload); `items` may still hold the previous answer for the same path. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: Failure | null;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list read a page at a time: the first page from `path`, each next page from
 * `path` with `cursor=<nextCursor>`. Older pages stay rendered; only the new
 * page's items are added, so the browser never lays out everything at once.
 */
export function useCursorPages<Page extends { nextCursor: string | null }, Item>(
  path: string,
  itemsOf: (page: Page) => Item[],
  refreshKey = 0,
): CursorPages<Item> {
  const first = useChartResource<Page>(path, refreshKey);
  // While a refresh of the same list is under way its previous first page stays shown.
  const firstPage = first.data;
  const [more, setMore] = useState<{ after: Page; pages: Page[]; loading: boolean; error: Failure | null } | null>(null);
  // Pages loaded after a first page that is no longer current are dropped.
  const current = more !== null && more.after === firstPage ? more : null;
  const pages = firstPage ? [firstPage, ...(current?.pages ?? [])] : [];
  const last = pages[pages.length - 1];

  function loadMore() {
    if (!firstPage || !last?.nextCursor || current?.loading) return;
    const after = firstPage;
    const loaded = current?.pages ?? [];
    setMore({ after, pages: loaded, loading: true, error: null });
    void callApi<Page>(withParam(path, "cursor", last.nextCursor)).then((result) =>
      setMore((state) =>
        state?.after !== after
          ? state
          : result.ok
            ? { after, pages: [...loaded, result.data], loading: false, error: null }
            : { after, pages: loaded, loading: false, error: result },
      ),
    );
  }

  return {
    items: pages.flatMap(itemsOf),
    loading: first.loading,
    loadingMore: current?.loading ?? false,
    hasMore: Boolean(last?.nextCursor),
    error: current?.error ?? first.error,
    loadMore,
    reload: first.reload,
  };
}

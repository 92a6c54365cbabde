/** The server extension's REST routes under <base_url>ringkas/api/ (see LAB-API.md). */

import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type { IColumn } from './grid';
import type { IFieldSpec, Values } from './form';

export interface IProblem {
  severity: 'error' | 'warning';
  message: string;
  cell: number | null;
  field: string | null;
  line: number | null;
}

export interface ISection {
  value: string;
  label: string;
  repeatable: boolean;
}

export interface ISkeletonCell {
  source: string;
  tags: string[];
}

export interface IVisitContext {
  is_visit: boolean;
  visit_id: string | null;
  project_root: string;
  lang: 'id' | 'en';
  fields: IFieldSpec[];
  sections: ISection[];
  tables: Record<string, { columns: IColumn[] }>;
  skeleton: Record<string, ISkeletonCell>;
  opds: string[];
  branding: Record<string, unknown>;
  preview_url: string | null;
}

export class ApiError extends Error {
  readonly field: string | null;
  /** The whole answer: an import's `needs` (what to ask for and send again), `problems`. */
  readonly data: Record<string, unknown>;
  constructor(message: string, field: string | null, data: Record<string, unknown> = {}) {
    super(message);
    this.field = field;
    this.data = data;
  }
}

const settings = ServerConnection.makeSettings();

/** GET (no body) or POST (a body) one route; a 400's message comes back as an ApiError. */
export async function api<T>(
  route: string,
  body?: Record<string, unknown>,
  query?: Record<string, string>
): Promise<T> {
  let url = URLExt.join(settings.baseUrl, 'ringkas', 'api', route);
  if (query) {
    url += URLExt.objectToQueryString(query);
  }
  const init: RequestInit = body
    ? { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }
    : { method: 'GET' };
  const response = await ServerConnection.makeRequest(url, init, settings);
  const text = await response.text();
  let data: any = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  if (!response.ok) {
    throw new ApiError(data.message ?? `${response.status} ${response.statusText}`, data.field ?? null, data);
  }
  return data as T;
}

export type { Values };

// Catalogue search in Chinese, English and pinyin (全拼 and 首字母), with facets and cursors.
import { builder, errorType } from './builder.ts';
import { SearchError, type SearchHit, type SearchResultPage } from '../catalog/search.ts';

errorType(SearchError, 'SearchError', 'A malformed cursor or page size.');

const KindEnum = builder.enumType('SearchKind', { values: ['source', 'dataset', 'column', 'standard'] as const });

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    score: t.exposeFloat('score'),
    name: t.string({ resolve: (h) => h.doc.name }),
    path: t.string({ nullable: true, resolve: (h) => h.doc.path ?? null }),
    comment: t.string({ nullable: true, resolve: (h) => h.doc.comment ?? null }),
    description: t.string({ nullable: true, resolve: (h) => h.doc.description ?? null }),
    sourceId: t.string({ nullable: true, resolve: (h) => h.doc.sourceId ?? null }),
    system: t.string({ nullable: true, resolve: (h) => h.doc.system ?? null }),
    datasetId: t.string({ nullable: true, resolve: (h) => h.doc.datasetId ?? null }),
    grade: t.int({ nullable: true, resolve: (h) => h.doc.grade ?? null }),
    categoryPath: t.string({ nullable: true, resolve: (h) => h.doc.categoryPath ?? null }),
    owner: t.string({ nullable: true, resolve: (h) => h.doc.owner ?? null }),
    conformance: t.string({ nullable: true, resolve: (h) => h.doc.conformance ?? null }),
    standardCode: t.string({ nullable: true, resolve: (h) => h.doc.standardCode ?? null }),
  }),
});

const SearchEdge = builder.objectRef<SearchHit>('SearchEdge').implement({
  fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: SearchHitRef, resolve: (h) => h }) }),
});

const SearchPage = builder.objectRef<SearchResultPage>('SearchConnection').implement({
  description: 'Search results, Relay-style, with facet counts over all matches.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], resolve: (p) => p.hits }),
    pageInfo: t.field({ type: 'JSON', resolve: (p) => ({ hasNextPage: p.hasNextPage, endCursor: p.endCursor }) }),
    total: t.exposeInt('total'),
    relaxed: t.exposeBoolean('relaxed', { description: 'no result had every term, so any term was accepted' }),
    facets: t.field({ type: 'JSON', resolve: (p) => p.facets }),
  }),
});

const SearchFilterInput = builder.inputType('SearchFilter', {
  fields: (t) => ({
    sourceId: t.stringList(), system: t.stringList(), grade: t.intList(), categoryId: t.stringList(),
    owner: t.stringList(), conformance: t.stringList(),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: SearchPage,
    authScopes: { authenticated: true },
    errors: { types: [SearchError] },
    description: 'Finds sources, datasets, columns and standards: 客户姓名, custname, khxm or kehu all find 客户姓名.',
    args: {
      query: t.arg.string({ required: true }),
      kinds: t.arg({ type: [KindEnum] }),
      filter: t.arg({ type: SearchFilterInput }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: (_r, a, ctx) => {
      const f = a.filter ?? {};
      const filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null && v !== undefined));
      return ctx.ops.search(a.query, { kinds: a.kinds ?? undefined, filters, first: a.first ?? 20, after: a.after ?? null });
    },
  }),
}));

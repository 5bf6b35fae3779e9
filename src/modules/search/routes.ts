// HTTP surface of search: the public search and autocomplete, and the admin vocabulary.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '../../platform/http/auth.js';
import { ErrorBody, errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import { SearchQuerystring, SearchResponse, SuggestQuerystring, SuggestResponse, Vocabulary } from './schemas.js';

const publicErrors = { 400: ErrorBody, 503: ErrorBody };

export async function searchRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const search = services.search;
  const tags = ['search'];
  const admin = { preHandler: requireRole(deps.db, 'admin') };
  const security = [{ bearer: [] }];

  app.get('/api/search', {
    schema: {
      tags, querystring: SearchQuerystring, response: { 200: SearchResponse, ...publicErrors },
      summary: 'Full-text search with filters and facets of the category\'s attributes',
    },
  }, async (req) => {
    const { q, category, sort, page, per_page, facets } = req.query;
    return search.search({ q, category, sort, page, per_page, facets, query: req.query as Record<string, unknown> });
  });

  app.get('/api/search/suggest', {
    schema: {
      tags, querystring: SuggestQuerystring, response: { 200: SuggestResponse, ...publicErrors },
      summary: 'Autocomplete: brands, categories and products by prefix',
    },
  }, async (req) => ({ items: await search.suggest(req.query.q, req.query.limit) }));

  app.get('/api/admin/search/vocabulary', {
    ...admin,
    schema: { tags, security, summary: 'Synonyms and stop words of the search', response: { 200: Vocabulary, ...errorResponses } },
  }, async () => search.vocabulary());

  app.put('/api/admin/search/vocabulary', {
    ...admin,
    schema: {
      tags, security, body: Vocabulary, response: { 200: Vocabulary, ...errorResponses, 503: ErrorBody },
      summary: 'Replace synonyms and stop words (applied to searches at once)',
    },
  }, async (req) => search.setVocabulary(req.body));
}

// The node that `npm run infra:opensearch` starts is a real OpenSearch with the Russian analyzer.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@opensearch-project/opensearch';
import { OPENSEARCH_URL, requireService } from '../services.js';

const client = new Client({ node: OPENSEARCH_URL });
const skip = await requireService('OpenSearch', 'OPENSEARCH_URL; start it with npm run infra:opensearch', () =>
  client.cluster.health({ timeout: '2s' }),
);

describe('OpenSearch node from Maven Central', { skip }, () => {
  const index = `vitrina-smoke-${process.pid}`;
  after(async () => {
    await client.indices.delete({ index }).catch(() => {});
    await client.close();
  });

  it('stems Russian so "смартфоны" finds "смартфон", and aggregates terms', async () => {
    await client.indices.create({
      index,
      body: <never>{
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { properties: { name: { type: 'text', analyzer: 'russian' }, brand: { type: 'keyword' } } },
      },
    });
    await client.bulk({
      refresh: true,
      body: [
        { index: { _index: index, _id: '1' } },
        { name: 'Смартфон Samsung Galaxy A55 синий', brand: 'Samsung' },
        { index: { _index: index, _id: '2' } },
        { name: 'Чехол для смартфона', brand: 'Xiaomi' },
        { index: { _index: index, _id: '3' } },
        { name: 'Холодильник Bosch', brand: 'Bosch' },
      ] as never,
    });
    const res = await client.search({
      index,
      body: <never>{ query: { match: { name: 'смартфоны' } }, aggs: { brands: { terms: { field: 'brand' } } } },
    });
    const ids = res.body.hits.hits.map((h) => h._id).sort();
    assert.deepEqual(ids, ['1', '2']);
    const buckets = (res.body.aggregations!.brands as { buckets: { key: string }[] }).buckets.map((b) => b.key).sort();
    assert.deepEqual(buckets, ['Samsung', 'Xiaomi']);
  });
});

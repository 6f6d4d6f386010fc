import t from 'tap'
import { renderBenchmarksDoc } from '../../../bench/render-benchmarks-doc.js'

t.test('the benchmarks page puts each target beside its figure and says which are missed', async (t) => {
  const page = renderBenchmarksDoc({ machine: 'test box', 'edge.decision.p99_us': 92, 'edge.rss_mb': 130, 'hub.ingest.ratio_vs_bare_aedes': 0.52, 'chaos.lost': 0, 'x.other': 5 })
  t.match(page, /Machine: test box\./)
  t.match(page, /\| `edge\.decision\.p99_us` \| 92 \| ≤ 1,000 \| met \|/)
  t.match(page, /\| `edge\.rss_mb` \| 130 \| ≤ 120 \| \*\*missed\*\* \|/, 'a figure over its ceiling is marked missed')
  t.match(page, /\| `hub\.ingest\.ratio_vs_bare_aedes` \| 0\.52 \| ≥ 0\.5 \| met \|/, 'a floor target reads ≥')
  t.match(page, /\| `chaos\.lost` \| 0 \| ≤ 0 \| met \|/)
  t.match(page, /\| `x\.other` \| 5 \|/, 'figures without a target are listed too')
  t.match(page, /Not in this run: .*`edge\.snapshot_apply\.ms`/, 'a headline figure the run did not write is named')
})

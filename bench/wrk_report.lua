-- wrk -s bench/wrk_report.lua: after a run, one line with what wrk's --latency leaves out
-- (the 95th percentile), in microseconds, for bench/listing_throughput.py to read.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "REPORT requests=%d duration_us=%d p50=%d p95=%d p99=%d max=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

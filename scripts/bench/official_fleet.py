"""The official-SDK half of scripts/bench-official-fleet.sh: 10,000 live task handles.

Usage: SMOOTH_BASE_URL=... CIRCLEMIND_API_KEY=... python official_fleet.py

Mirrors smooth-client/benches/fleet.rs with smooth-py 0.4.5, unchanged, used through its
public task-handle API the way its README shows: one SmoothAsyncClient with its default
settings (aiohttp, 30 s timeout, 3 retries), `await client.run(...)` for each task, then
`await handle.result()` on each handle. The handle polls by itself (`GET /task/{id}` one
second after the previous answer, first poll after a random stagger), at its fixed 1 s
interval; `result()` checks the handle's latest answer every 0.2 s.

Environment (defaults are the full size): FLEET_HANDLES (10000) tasks submitted at
FLEET_RATE (100) a second, each running FLEET_TASK_SECS (130; the mock must run them that
long) so that all are live together; "steady" is FLEET_WINDOW_SECS (20) from 5 s after the
last submission. FLEET_STUCK_SECS (120): how long after the last task is due to end the
driver still waits for results before counting the rest as stuck.

Requests are counted in this process, without changing what the SDK does: the SDK's own
aiohttp ClientSession (made by `async with client`) has its `_request` wrapped by a counter
that counts each request when it starts and when its answer's head has arrived ("rps" is
answers received: requests the server has handled). CPU is this process's user + system
time, peak memory its VmHWM, as in the Rust bench; FLEET_COUNT_REQUESTS=0 leaves the counter
out (requests then print as 0), to see what counting costs. The event loop's lag is sampled
by a coroutine that sleeps 100 ms at a time, and the time spent in Python's garbage
collector during the window is read from gc.callbacks (which only observe).

Prints one line like the Rust bench's, plus what the SDK actually achieved:
fleet=official handles=... steady[...] whole_run[...] completion_latency[...] failed=... pace[...]
"""

import asyncio
import gc
import os
import random
import sys
import time

os.environ.setdefault("SMOOTH_TELEMETRY", "off")

import aiohttp  # noqa: E402
from smooth import SmoothAsyncClient  # noqa: E402


def env_int(name: str, default: int) -> int:
  try:
    return int(os.environ[name])
  except (KeyError, ValueError):
    return default


def peak_mib() -> float:
  with open("/proc/self/status") as status:
    for line in status:
      if line.startswith("VmHWM:"):
        return int(line.split()[1]) / 1024
  return 0.0


class Counts:
  """Requests the SDK's session started and answers it received."""

  def __init__(self) -> None:
    self.started = 0
    self.answered = 0

  def attach(self, session: aiohttp.ClientSession) -> None:
    """Wraps this one session's `_request` (what its get/post/request and the SDK's retry
    client call) in a counter; the SDK's code and settings stay as they are. A bound
    wrapper costs about one coroutine frame a request; an aiohttp TraceConfig, tried
    first, cost several points of a core at 2,000 handles (10 signals a request)."""
    request = session._request

    async def counted(*args, **kwargs):
      self.started += 1
      response = await request(*args, **kwargs)
      self.answered += 1
      return response

    session._request = counted


class GcPauses:
  """Time spent in Python's cyclic garbage collector, from gc.callbacks (observes only)."""

  def __init__(self) -> None:
    self.total = 0.0
    self.longest = 0.0
    self.full = 0
    self._began = 0.0
    gc.callbacks.append(self._callback)

  def _callback(self, phase: str, info: dict) -> None:
    if phase == "start":
      self._began = time.perf_counter()
      return
    pause = time.perf_counter() - self._began
    self.total += pause
    self.longest = max(self.longest, pause)
    self.full += info.get("generation") == 2


class Sample:
  def __init__(self, counts: Counts) -> None:
    self.at = time.monotonic()
    self.cpu = time.process_time()
    self.started = counts.started
    self.answered = counts.answered


async def main() -> None:
  handles = env_int("FLEET_HANDLES", 10_000)
  rate = max(env_int("FLEET_RATE", 100), 1)
  task_secs = env_int("FLEET_TASK_SECS", 130)
  window = env_int("FLEET_WINDOW_SECS", 20)
  stuck_secs = env_int("FLEET_STUCK_SECS", 120)

  counts = Counts()
  gc_pauses = GcPauses()
  latencies: list[float] = []
  failures = 0
  lags: list[float] = []
  measuring_lag = False

  async def lag_probe() -> None:
    while True:
      before = time.monotonic()
      await asyncio.sleep(0.1)
      if measuring_lag:
        lags.append(time.monotonic() - before - 0.1)

  client = SmoothAsyncClient()
  async with client:
    # The SDK's own session, made by `async with`; the wrapper only counts.
    # FLEET_COUNT_REQUESTS=0 leaves it out, to measure what counting costs.
    if os.environ.get("FLEET_COUNT_REQUESTS", "1") != "0":
      counts.attach(client._client)

    async def one(index: int) -> None:
      nonlocal failures
      submitted = time.monotonic()
      try:
        handle = await client.run(f"fleet task {index}")
        await handle.result()
      except Exception:
        failures += 1
        return
      latencies.append(time.monotonic() - (submitted + task_secs))

    probe = asyncio.create_task(lag_probe())
    start = Sample(counts)
    waiting = []
    for index in range(handles):
      # Same schedule as tokio's interval (missed ticks burst to catch up).
      delay = start.at + index / rate - time.monotonic()
      if delay > 0:
        await asyncio.sleep(delay)
      waiting.append(asyncio.create_task(one(index)))
    submitted_at = time.monotonic()
    await asyncio.sleep(5)
    measuring_lag = True
    steady_from = Sample(counts)
    gc_from = (gc_pauses.total, gc_pauses.full)
    gc_pauses.longest = 0.0
    await asyncio.sleep(window)
    steady_to = Sample(counts)
    gc_window = (gc_pauses.total - gc_from[0], gc_pauses.full - gc_from[1], gc_pauses.longest)
    measuring_lag = False
    steady_peak = peak_mib()
    ended_early = len(latencies) + failures
    done, pending = await asyncio.wait(waiting, timeout=task_secs + stuck_secs)
    end = Sample(counts)
    stuck = len(pending)
    for task in pending:
      task.cancel()
    probe.cancel()
    await asyncio.gather(*pending, probe, return_exceptions=True)

  def rate_of(a: Sample, b: Sample) -> tuple[float, float, float]:
    wall = b.at - a.at
    return (b.cpu - a.cpu) / wall * 100, (b.answered - a.answered) / wall, (b.started - a.started) / wall

  steady_cpu, steady_rps, steady_started = rate_of(steady_from, steady_to)
  run_cpu, run_rps, _ = rate_of(start, end)
  latencies.sort()

  def percentile(p: float) -> str:
    if not latencies:
      return "-"
    return f"{latencies[min(int(len(latencies) * p), len(latencies) - 1)] * 1000:.1f}ms"

  lags.sort()

  def lag(p: float) -> str:
    return f"{lags[min(int(len(lags) * p), len(lags) - 1)] * 1000:.0f}ms" if lags else "-"

  live = max(handles - ended_early, 1)
  print(
    f"fleet=official handles={handles} steady[cpu={steady_cpu:.1f}% rps={steady_rps:.0f} peak={steady_peak:.1f}MiB "
    f"finished_before_window_end={ended_early}] "
    f"whole_run[cpu={run_cpu:.1f}% rps={run_rps:.0f} peak={peak_mib():.1f}MiB wall={end.at - start.at:.0f}s "
    f"submit_span={submitted_at - start.at:.0f}s] "
    f"completion_latency[p50={percentile(0.5)} p99={percentile(0.99)} max={latencies[-1] * 1000 if latencies else 0:.1f}ms] "
    f"failed={failures + stuck} "
    f"pace[steady_started_per_s={steady_started:.0f} polls_per_handle_per_s={steady_rps / live:.3f} "
    f"loop_lag_p50={lag(0.5)} p99={lag(0.99)} max={lag(1.0)} stuck={stuck}] "
    f"steady_gc[share={gc_window[0] / window * 100:.1f}% full_collections={gc_window[1]} longest={gc_window[2] * 1000:.0f}ms]",
    flush=True,
  )


if __name__ == "__main__":
  random.seed(int(os.environ.get("FLEET_SEED", "7")))
  asyncio.run(main())
  sys.exit(0)

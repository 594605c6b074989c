"""The official-SDK half of scripts/bench-vs-official.sh: concurrent get_task calls.

Usage: SMOOTH_BASE_URL=... CIRCLEMIND_API_KEY=... python official_get_task.py [CONCURRENCY] [WARM_UP_S] [MEASURED_S]

Drives smooth-py 0.4.5 (unchanged) the way its own task handles poll: SmoothAsyncClient with
its default settings, `_get_task(id)` (what `TaskHandle` calls; the SDK has no public
single-call method), CONCURRENCY coroutines in a loop on one asyncio event loop. CPU is the
whole process's user + system time over the measured window. Prints the same line as the
Rust driver (and, like it, makes exactly N calls and prints nothing when SMOOTH_BENCH_CALLS=N
is set, for instruction counts under callgrind): calls_per_second=... calls_per_cpu_second=... cpu_us_per_call=... calls=...
cpu_share=...
"""

import asyncio
import os
import sys
import time

os.environ.setdefault("SMOOTH_TELEMETRY", "off")

from smooth import SmoothAsyncClient  # noqa: E402
from smooth.models import TaskRequest  # noqa: E402


async def main(concurrency: int, warm_up: float, measured: float) -> None:
  client = SmoothAsyncClient()
  async with client:
    task = await client._submit_task(TaskRequest(task="benchmark: read one page"))
    fixed = os.environ.get("SMOOTH_BENCH_CALLS")
    if fixed is not None:
      remaining = int(fixed)

      async def counted() -> None:
        nonlocal remaining
        while remaining > 0:
          remaining -= 1
          await client._get_task(task.id)

      await asyncio.gather(*(counted() for _ in range(concurrency)))
      return
    calls = 0
    stop = False

    async def worker() -> None:
      nonlocal calls
      while not stop:
        await client._get_task(task.id)
        calls += 1

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    await asyncio.sleep(warm_up)
    calls_before, cpu_before, started = calls, time.process_time(), time.monotonic()
    await asyncio.sleep(measured)
    calls_after, cpu_after, elapsed = calls, time.process_time(), time.monotonic() - started
    stop = True
    await asyncio.gather(*workers)

  count = calls_after - calls_before
  cpu = cpu_after - cpu_before
  print(
    f"calls_per_second={count / elapsed:.0f} calls_per_cpu_second={count / max(cpu, 1e-9):.0f} "
    f"cpu_us_per_call={cpu * 1e6 / max(count, 1):.2f} "
    f"calls={count} cpu_share={cpu / elapsed:.2f}"
  )


if __name__ == "__main__":
  numbers = [float(arg) for arg in sys.argv[1:]]
  defaults = [64, 1, 5]
  concurrency, warm_up, measured = (numbers + defaults[len(numbers) :])[:3]
  asyncio.run(main(int(concurrency), warm_up, measured))

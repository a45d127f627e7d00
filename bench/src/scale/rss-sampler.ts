const MB = 1024 * 1024;

export interface RssSample {
  /** Milliseconds since the sampler started. */
  atMs: number;
  rssMb: number;
  heapUsedMb: number;
}

/**
 * Samples this process's resident set every `intervalMs`, keeping the peak and a coarse timeline
 * (so a report can say whether memory grew with progress or stayed flat).
 */
export class RssSampler {
  readonly #intervalMs: number;
  readonly #startedAt = performance.now();
  readonly #timer: ReturnType<typeof setInterval>;
  peakRssBytes = 0;
  peakHeapUsedBytes = 0;
  samples = 0;
  readonly timeline: RssSample[] = [];

  constructor(intervalMs = 250, timelineEveryMs = 5_000) {
    this.#intervalMs = intervalMs;
    let lastTimelineAt = Number.NEGATIVE_INFINITY;
    this.#timer = setInterval(() => {
      const sample = this.sample();
      if (sample.atMs - lastTimelineAt >= timelineEveryMs) {
        this.timeline.push(sample);
        lastTimelineAt = sample.atMs;
      }
    }, this.#intervalMs);
    // Sampling must not keep the kernel alive once the study is done.
    this.#timer.unref();
    this.sample();
  }

  /** Takes one sample now (also called at milestones, e.g. when the study ends). */
  sample(): RssSample {
    const { rss, heapUsed } = process.memoryUsage();
    this.samples++;
    if (rss > this.peakRssBytes) this.peakRssBytes = rss;
    if (heapUsed > this.peakHeapUsedBytes) this.peakHeapUsedBytes = heapUsed;
    return {
      atMs: Math.round(performance.now() - this.#startedAt),
      rssMb: Math.round(rss / MB),
      heapUsedMb: Math.round(heapUsed / MB),
    };
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}

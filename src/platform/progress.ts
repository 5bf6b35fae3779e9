// Progress bars for long CLI commands (rate and ETA), drawn on stderr so stdout stays parseable.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, extra?: Record<string, unknown>): void;
  stop(): void;
}

export function progressBar(label: string, total: number, unit = 'rows'): Progress {
  if (!process.stderr.isTTY || process.env.CI) {
    // no terminal: a line every ~5 s instead of a redrawn bar
    const started = Date.now();
    let last = 0;
    let finished = false;
    return {
      update(done) {
        const now = Date.now();
        if (finished || (now - last < 5000 && done < total)) return;
        finished = done >= total;
        last = now;
        const rate = done / Math.max((now - started) / 1000, 0.001);
        const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        process.stderr.write(`${label}: ${done}/${total} ${unit} (${Math.round(rate)}/s, ETA ${eta}s)\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(done, extra) {
      const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
      bar.update(done, { rate, ...extra });
    },
    stop() {
      bar.stop();
    },
  };
}

"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

const SAMPLE_INTERVAL_MS = 100;

function loudness(level: number): "silent" | "quiet" | "good" {
  if (level < 5) return "silent";
  if (level < 30) return "quiet";
  return "good";
}

/**
 * How loud the microphone is, live: a bar that moves as the person speaks, so
 * they can see their microphone works before anyone hears them. Read ten times
 * a second from an AnalyserNode; screen readers get the level in words.
 */
export function MicrophoneLevelMeter({ track }: { track: MediaStreamTrack | null }) {
  const [level, setLevel] = useState(0);

  useEffect(() => {
    if (!track) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    // Browsers may start an AudioContext suspended until the page is used; the meter then waits for a click or key.
    const resume = () => void context.resume().catch(() => undefined);
    resume();
    window.addEventListener("pointerdown", resume);
    window.addEventListener("keydown", resume);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around 0.02–0.2 RMS; a square root spreads that over the bar.
      setLevel(Math.min(100, Math.round(Math.sqrt(rms) * 140)));
    }, SAMPLE_INTERVAL_MS);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("pointerdown", resume);
      window.removeEventListener("keydown", resume);
      source.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [track]);

  const t = useTranslations("deviceCheck");
  const shown = track ? level : 0;
  return (
    <div className="space-y-1.5">
      <div
        role="meter"
        aria-label={t("levelLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={shown}
        aria-valuetext={track ? t("levelValue", { level: shown, loudness: loudness(shown) }) : t("noMicrophone")}
        className="h-3 w-full overflow-hidden rounded-full border border-slate-400 bg-slate-100"
      >
        {/* Width is the reading; the CSP allows style attributes (style-src 'unsafe-inline'). */}
        <div className="h-full bg-emerald-700 transition-[width] duration-100" style={{ width: `${shown}%` }} />
      </div>
      <p className="text-sm text-slate-700">
        {track ? t("saySomething") : t("noMicrophoneOn")}
      </p>
    </div>
  );
}

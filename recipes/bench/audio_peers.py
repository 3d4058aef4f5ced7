#!/usr/bin/python3
"""Peer measurements for `promptwave bench`, on the same file and the same single core.

- torchaudio.compliance.kaldi.fbank (Debian's python3-torchaudio 0.13.1, torch on one thread):
  the reference our filterbank is checked against, timed on the same 16 kHz audio.
- The ffmpeg command line (Debian's ffmpeg 5.1, -threads 1): decode + resample to 16 kHz mono
  float, the job `decode + resample` does in Promptwave through JavaCV's FFmpeg 7.1.

Usage: taskset -c 0 /usr/bin/python3 recipes/bench/audio_peers.py [FILE] [SECONDS]
"""
import subprocess
import sys
import time

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

path = sys.argv[1] if len(sys.argv) > 1 else "samples/audio/weather-en-gb-44k-stereo.mp3"
budget = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
torch.set_num_threads(1)

decode_cmd = ["ffmpeg", "-v", "error", "-threads", "1", "-i", path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-"]
pcm = np.frombuffer(subprocess.run(decode_cmd, check=True, capture_output=True).stdout, dtype="<f4")
seconds = len(pcm) / 16000.0
waveform = torch.from_numpy(pcm.copy() * 32768).unsqueeze(0)


def times_real_time(audio_seconds, work):
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        work()
    runs, start = 0, time.perf_counter()
    while True:
        work()
        runs += 1
        now = time.perf_counter()
        if now - start >= budget:
            return runs * audio_seconds / (now - start)


print(f"input: {path}, {seconds:.2f} s; {budget:.1f} s per measurement, one thread")
fbank = times_real_time(seconds, lambda: kaldi.fbank(waveform, num_mel_bins=80, dither=0.0))
print(f"{'torchaudio kaldi.fbank 80':42s} {fbank:9.0f} x real time")
decode = times_real_time(seconds, lambda: subprocess.run(decode_cmd, check=True, capture_output=True))
print(f"{'ffmpeg CLI decode + resample to 16 kHz':42s} {decode:9.0f} x real time")

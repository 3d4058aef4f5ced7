#!/usr/bin/python3
"""Writes the golden features the audio module's tests compare against.

Reference: torchaudio.compliance.kaldi (Debian's python3-torchaudio 0.13.1), which reproduces
Kaldi's compute-fbank-feats and compute-mfcc-feats. Each 16 kHz 16-bit fixture is read as its
integer sample values (Kaldi's convention) and featurised with dither=0; every other option is
the default apart from num_mel_bins=80 for fbank and use_energy=True for MFCC (Kaldi's
compute-mfcc-feats default; torchaudio's own default is False).

Usage (from the repository root): /usr/bin/python3 audio/src/test/resources/golden/make_golden.py
"""
import pathlib
import wave

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
INPUTS = ["speech-en-us-16k", "speech-en-gb-16k", "sweep-noise-16k"]


def read_int16(path):
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000, path
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return torch.from_numpy(pcm.astype(np.float32)).unsqueeze(0)


for name in INPUTS:
    waveform = read_int16(FIXTURES / f"{name}.wav")
    fbank = kaldi.fbank(waveform, num_mel_bins=80, dither=0.0, sample_frequency=16000.0)
    np.save(HERE / f"{name}.fbank80.npy", fbank.numpy().astype("<f4"))
    print(name, "fbank", tuple(fbank.shape))

mfcc = kaldi.mfcc(read_int16(FIXTURES / "speech-en-us-16k.wav"), dither=0.0, use_energy=True)
np.save(HERE / "speech-en-us-16k.mfcc13.npy", mfcc.numpy().astype("<f4"))
print("speech-en-us-16k mfcc", tuple(mfcc.shape))

#!/usr/bin/env bash
# Rebuilds the bundled sample recordings from Debian's espeak-ng, sox and ffmpeg. The committed
# files are the reference; nothing at build or test time runs this.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-gb -s 155 -w "$tmp/weather.wav" "Good morning. Here is the weather for London. \
It will be cloudy at first, with rain spreading from the west by noon. Winds are light, and the \
temperature reaches twelve degrees this afternoon. Tomorrow looks brighter, with sunny spells."
sox -R "$tmp/weather.wav" -r 44100 -c 2 "$tmp/weather44.wav"
ffmpeg -v error -y -i "$tmp/weather44.wav" -c:a libmp3lame -b:a 96k weather-en-gb-44k-stereo.mp3
espeak-ng -v en-us -s 160 -w "$tmp/alarm.wav" "Wake me up at six forty five tomorrow."
sox -R "$tmp/alarm.wav" -r 8000 -e u-law alarm-en-us-8k-mulaw.wav
espeak-ng -v en-us+m3 -s 150 -w "$tmp/music.wav" "Play some jazz in the kitchen, please."
sox -R "$tmp/music.wav" -r 48000 -c 2 "$tmp/music48.wav"
ffmpeg -v error -y -i "$tmp/music48.wav" -c:a libvorbis -q:a 3 music-en-us-48k-stereo.ogg

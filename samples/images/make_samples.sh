#!/usr/bin/env bash
# Rebuilds the bundled sample images and video with the vision module itself (Java2D text in the
# DejaVu fonts, Promptwave's augmenter, FFmpeg through JavaCV). The committed files are the
# reference; nothing at build or test time runs this.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
./mvnw -q -B install -DskipTests -pl features,vision
./mvnw -q -B dependency:build-classpath -pl vision -Dmdep.outputFile="$root/vision/target/classpath.txt"
cd samples/images
java -Djava.awt.headless=true -cp "$root/vision/target/classes:$(cat "$root/vision/target/classpath.txt")" MakeSamples.java

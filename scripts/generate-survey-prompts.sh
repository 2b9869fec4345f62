#!/usr/bin/env bash
# Generates the fixed phrases of the agentless keypad survey (docs/agentless.md): prompts/<lang>/survey-*.wav and
# company-name.wav, 8 kHz mono 16-bit PCM. Needs espeak-ng and sox. Per-campaign question recordings
# (survey-<campaignId>-q<n>.wav, ...) are recorded by the admin, not generated here.
# Usage: scripts/generate-survey-prompts.sh [output-dir]   (default: prompts/ at the repo root). Idempotent.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/prompts}"
command -v espeak-ng >/dev/null || { echo "espeak-ng is missing (apt-get install -y espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing (apt-get install -y sox)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say() {
  local lang="$1" name="$2" text="$3"
  mkdir -p "$out/$lang"
  espeak-ng -v "$lang" -s 165 -w "$tmp/a.wav" "$text"
  sox "$tmp/a.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$lang/$name.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3
}

while IFS='|' read -r name es en; do
  [ -z "$name" ] && continue
  say es "$name" "$es"
  say en "$name" "$en"
done <<'PROMPTS'
company-name|Centralita|Centralita
survey-greeting|Hola, le llamamos de parte de|Hello, this is a call from
survey-intro|para conocer su opinión con una breve encuesta por teclado.|to ask your opinion in a short keypad survey.
survey-optout-offer|Si no desea que le volvamos a llamar, pulse nueve. Para repetir una pregunta, pulse asterisco.|If you do not want us to call you again, press nine. To repeat a question, press star.
survey-optout-done|Hemos anotado que no desea recibir más llamadas. Disculpe las molestias. Adiós.|We have noted that you do not want any more calls. Sorry for the trouble. Goodbye.
survey-question|Pregunta|Question
survey-help-csat|Pulse de uno, nada satisfecho, a cinco, muy satisfecho.|Press one, very unsatisfied, to five, very satisfied.
survey-help-nps|Marque de cero a diez y después la tecla almohadilla.|Enter zero to ten, then the hash key.
survey-help-yes-no|Pulse uno para sí, o dos para no.|Press one for yes, or two for no.
survey-help-choice|Marque el número de su respuesta, del uno al|Press the number of your answer, from one to
survey-thanks|Gracias por sus respuestas. Que tenga un buen día.|Thank you for your answers. Have a nice day.
survey-goodbye|Gracias por su tiempo. Adiós.|Thank you for your time. Goodbye.
PROMPTS

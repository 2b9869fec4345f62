#!/usr/bin/env bash
# Generates every shipped prompt, prompts/<lang>/<name>.wav, 8 kHz mono 16-bit PCM, the format a stock Asterisk
# plays without transcoding: the demo prompts of the shipped flows, and the fixed phrases of the agentless keypad
# survey (docs/agentless.md: survey-*.wav and company-name.wav), and the dialer's abandon message (abandon-company,
# abandon-optout, optout-done). Per-campaign question recordings
# (survey-<campaignId>-q<n>.wav, ...) are recorded by the admin, not generated here.
# Needs espeak-ng and sox (apt-get install -y espeak-ng sox).
# Usage: scripts/generate-prompts.sh [output-dir]   (default: prompts/ at the repo root). Idempotent.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/prompts}"
command -v espeak-ng >/dev/null || { echo "espeak-ng is missing (apt-get install -y espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing (apt-get install -y sox)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# say <lang> <name> <text> [<second-lang> <second-text>]: one prompt, optionally bilingual (es voice then en voice).
say() {
  local lang="$1" name="$2" text="$3"
  mkdir -p "$out/$lang"
  espeak-ng -v "$lang" -s 165 -w "$tmp/a.wav" "$text"
  local parts=("$tmp/a.wav")
  if [ $# -ge 5 ]; then
    espeak-ng -v "$4" -s 165 -w "$tmp/b.wav" "$5"
    parts+=("$tmp/b.wav")
  fi
  sox "${parts[@]}" -r 8000 -c 1 -b 16 -e signed-integer "$out/$lang/$name.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3
}

# Both catalogs start bilingual: the caller has not chosen a language yet.
for l in es en; do
  say "$l" welcome "Bienvenido a Centralita." en "Welcome to Centralita."
  say "$l" choose-language "Para español, pulse uno." en "For English, press two."
  say "$l" name-maria "María"
  say "$l" name-lucia "Lucía"
done
say es name-john "John"
say en name-john "John"

while IFS='|' read -r name es en; do
  [ -z "$name" ] && continue
  say es "$name" "$es"
  say en "$name" "$en"
done <<'PROMPTS'
press-1-if-you-are|Si usted es|If you are
press-1-otherwise-2|pulse uno. Si no, pulse dos.|press one. Otherwise, press two.
enter-account|Por favor, marque su número de cuenta seguido de la tecla almohadilla.|Please enter your account number, followed by the hash key.
no-digits|No hemos recibido ningún dígito.|We did not receive any digits.
invalid-entry|El dato introducido no es válido.|That entry is not valid.
enter-pin|Marque su PIN de cuatro dígitos.|Enter your four digit PIN.
pin-invalid|El número de cuenta o el PIN no son correctos.|The account number or the PIN is not correct.
pin-locked|Demasiados intentos.|Too many attempts.
account-locked|Por su seguridad, su cuenta está bloqueada temporalmente por demasiados intentos.|For your security, your account is temporarily locked after too many attempts.
main-menu|Para conocer su saldo, pulse uno. Para pagar su factura, pulse dos. Para hablar con un agente, pulse cero. Para terminar, pulse nueve. Para repetir, pulse asterisco.|For your balance, press one. To pay your bill, press two. To speak to an agent, press zero. To end the call, press nine. To repeat, press star.
no-input-1|No le hemos oído.|Sorry, we did not hear anything.
no-input-2|Marque una opción en su teclado. Si necesita ayuda, pulse cero.|Please press a key on your keypad. For help, press zero.
no-match-1|Esa opción no es válida.|That is not a valid option.
no-match-2|Opción no válida. Para hablar con una persona, pulse cero.|That option is not valid. To speak to a person, press zero.
balance-is|El importe pendiente es de|Your amount due is
due-date-is|con vencimiento el|due on
pay-full-or-other|Para pagar el importe total, pulse uno. Para pagar otro importe, pulse dos.|To pay the full amount, press one. To pay a different amount, press two.
enter-amount|Marque el importe en euros, seguido de almohadilla.|Enter the amount in euros, followed by the hash key.
amount-out-of-range|Ese importe está fuera de los límites permitidos.|That amount is outside the allowed limits.
enter-card|Marque el número de su tarjeta, seguido de almohadilla.|Enter your card number, followed by the hash key.
card-invalid|El número de tarjeta no es válido.|That card number is not valid.
enter-expiry|Marque la fecha de caducidad: dos dígitos del mes y dos del año.|Enter the expiry date: two digits for the month and two for the year.
expiry-invalid|La fecha de caducidad no es válida.|That expiry date is not valid.
enter-cvv|Marque el código de seguridad de tres o cuatro dígitos.|Enter the three or four digit security code.
card-ending-in|Tarjeta terminada en|Card ending in
amount-to-pay|Importe a pagar:|Amount to pay:
confirm-payment|Para confirmar el pago, pulse uno. Para cancelar, pulse dos.|To confirm the payment, press one. To cancel, press two.
payment-approved|Pago aceptado.|Payment approved.
confirmation-code-is|Su código de confirmación es|Your confirmation code is
payment-declined|El pago ha sido rechazado. No se ha realizado ningún cargo.|The payment was declined. You have not been charged.
payment-error|No hemos podido procesar el pago. No se ha realizado ningún cargo.|We could not process the payment. You have not been charged.
payment-cancelled|Pago cancelado.|Payment cancelled.
card-failed|No hemos podido leer los datos de la tarjeta.|We could not read the card details.
transferring|Le pasamos con un agente. Un momento, por favor.|Transferring you to an agent. One moment, please.
after-hours|Nuestro horario es de lunes a viernes de ocho a veinte horas, y los sábados de nueve a catorce horas.|We are open Monday to Friday from eight a.m. to eight p.m., and Saturdays from nine a.m. to two p.m.
callback-offer|Para que le llamemos cuando abramos, pulse uno. Para terminar, pulse dos.|To be called back when we open, press one. To end the call, press two.
callback-confirmed|Le llamaremos en cuanto abramos.|We will call you back as soon as we open.
goodbye|Gracias por su llamada. Adiós.|Thank you for calling. Goodbye.
currency-and|con|and
currency-eur-one|euro|euro
currency-eur-many|euros|euros
currency-eur-cent-one|céntimo|cent
currency-eur-cent-many|céntimos|cents
currency-usd-one|dólar|dollar
currency-usd-many|dólares|dollars
currency-usd-cent-one|centavo|cent
currency-usd-cent-many|centavos|cents
PROMPTS

# The agentless keypad survey's fixed phrases.
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

# The predictive dialer's abandon message (docs/dialer.md): played when a person answers and no agent is free within
# the connect deadline. It names the company, the number to call back is read out after it (SAY DIGITS), then the
# opt-out key is offered. Replace company-specific recordings with your own under the same names.
while IFS='|' read -r name es en; do
  [ -z "$name" ] && continue
  say es "$name" "$es"
  say en "$name" "$en"
done <<'PROMPTS'
abandon-company|Le llamábamos de parte de Centralita para una breve encuesta, pero ahora mismo no tenemos ningún agente libre. Disculpe las molestias. Puede llamarnos al|We were calling you from Centralita for a short survey, but no agent is free right now. Sorry for the trouble. You can call us back on
abandon-optout|Si no desea que le volvamos a llamar, pulse nueve.|If you do not want us to call you again, press nine.
optout-done|Hemos anotado que no desea recibir más llamadas. Adiós.|We have noted that you do not want any more calls. Goodbye.
PROMPTS

echo "prompts written to $out: $(find "$out" -name '*.wav' | wc -l) files, $(du -sh "$out" | cut -f1)"

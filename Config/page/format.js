// Dates and times in the event's own zone (its IANA `timeZone` from the API), whatever the visitor's zone: the
// programme says what the clock in the hall will say.

const LOCALES = { de: "de-DE", fr: "fr-FR", en: "en-GB" };

function formatter(language, zone, options) {
  return new Intl.DateTimeFormat(LOCALES[language] || language, { timeZone: zone, ...options });
}

/// "09:30".
export function time(iso, zone, language) {
  return formatter(language, zone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/// "Mittwoch, 22. November 2017".
export function day(iso, zone, language) {
  return formatter(language, zone, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}

/// "22. Nov. 2017, 09:30".
export function dateTime(iso, zone, language) {
  return formatter(language, zone, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(new Date(iso));
}

/// The local calendar day of an instant in the zone, as "2017-11-22" (for grouping by day).
export function dayKey(iso, zone) {
  const parts = formatter("en", zone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(iso));
  const value = (type) => parts.find((part) => part.type === type)?.value;
  return `${value("year")}-${value("month")}-${value("day")}`;
}

/// A date range: "Mittwoch, 22. November 2017, 09:30 – 17:00".
export function range(start, end, zone, language) {
  const from = `${day(start, zone, language)}, ${time(start, zone, language)}`;
  if (!end) return from;
  return dayKey(start, zone) === dayKey(end, zone) ? `${from} – ${time(end, zone, language)}`
    : `${from} – ${day(end, zone, language)}, ${time(end, zone, language)}`;
}

// The page's own words in German, French and English, and which language the page speaks. The API's texts (titles,
// names) come from the API in the language asked for with ?lang= (the event's own language where it has no
// translation: Luxembourgish names stay as they are); problems come in the language of Accept-Language.

export const LANGUAGES = ["de", "fr", "en"];

const WORDS = {
  events: { de: "Veranstaltungen", fr: "Événements", en: "Events" },
  upcoming: { de: "Demnächst", fr: "À venir", en: "Upcoming" },
  noUpcoming: { de: "Zurzeit ist keine Veranstaltung angekündigt.", fr: "Aucun événement annoncé pour le moment.", en: "No event is announced at the moment." },
  pastEvents: { de: "Vergangene Veranstaltungen", fr: "Événements passés", en: "Past events" },
  showPast: { de: "Vergangene Veranstaltungen anzeigen", fr: "Afficher les événements passés", en: "Show past events" },
  hidePast: { de: "Vergangene ausblenden", fr: "Masquer les événements passés", en: "Hide past events" },
  language: { de: "Sprache", fr: "Langue", en: "Language" },
  allEvents: { de: "Alle Veranstaltungen", fr: "Tous les événements", en: "All events" },
  skipContent: { de: "Zum Inhalt springen", fr: "Aller au contenu", en: "Skip to the content" },
  skip: { de: "Zum Programm springen", fr: "Aller au programme", en: "Skip to the programme" },
  when: { de: "Datum", fr: "Date", en: "Date" },
  venue: { de: "Ort", fr: "Lieu", en: "Venue" },
  languages: { de: "Sprachen", fr: "Langues", en: "Languages" },
  interpretation: { de: "Simultanübersetzung", fr: "Interprétation simultanée", en: "Simultaneous interpretation" },
  "interpretation.consecutive": { de: "Konsekutivdolmetschen", fr: "Interprétation consécutive", en: "Consecutive interpretation" },
  "interpretation.signLanguage": { de: "Gebärdensprache", fr: "Langue des signes", en: "Sign language" },
  accessibility: { de: "Barrierefreiheit", fr: "Accessibilité", en: "Accessibility" },
  registration: { de: "Anmeldung", fr: "Inscription", en: "Registration" },
  openNoRegistration: { de: "Öffentlich, ohne Anmeldung", fr: "Ouvert au public, sans inscription", en: "Open to the public, no registration" },
  noRegistration: { de: "Ohne Anmeldung", fr: "Sans inscription", en: "No registration" },
  registrationOpens: { de: "Anmeldung ab", fr: "Inscriptions à partir du", en: "Registration opens" },
  registrationUntil: { de: "Anmeldung bis", fr: "Inscriptions jusqu'au", en: "Register by" },
  registrationAt: { de: "Anmeldung über", fr: "Inscription via", en: "Register at" },
  registrationOpen: { de: "Die Anmeldung ist offen.", fr: "Les inscriptions sont ouvertes.", en: "Registration is open." },
  registrationClosed: { de: "Die Anmeldung ist geschlossen.", fr: "Les inscriptions sont closes.", en: "Registration is closed." },
  capacity: { de: "{0} Plätze", fr: "{0} places", en: "{0} places" },
  waitingList: { de: "mit Warteliste", fr: "avec liste d'attente", en: "with a waiting list" },
  placesLeft: { de: "Noch {0} Plätze frei", fr: "Encore {0} places libres", en: "{0} places left" },
  placesWaitingList: { de: "Ausgebucht – Anmeldung auf die Warteliste", fr: "Complet – inscription sur liste d'attente", en: "Fully booked – registrations go on the waiting list" },
  placesFull: { de: "Ausgebucht", fr: "Complet", en: "Fully booked" },
  partners: { de: "Partner", fr: "Partenaires", en: "Partners" },
  contacts: { de: "Kontakt", fr: "Contact", en: "Contact" },
  organisers: { de: "Veranstalter", fr: "Organisateurs", en: "Organisers" },
  services: { de: "Beteiligte Dienste", fr: "Services participants", en: "Participating services" },
  programme: { de: "Programm", fr: "Programme", en: "Programme" },
  track: { de: "Arbeitsgruppe", fr: "Groupe de travail", en: "Working group" },
  allTracks: { de: "Alle", fr: "Tous", en: "All" },
  showTrack: { de: "Programm zeigen", fr: "Afficher le programme", en: "Show programme" },
  now: { de: "Jetzt", fr: "En cours", en: "Now" },
  next: { de: "Als Nächstes", fr: "Ensuite", en: "Next" },
  "kind.break": { de: "Pause", fr: "Pause", en: "Break" },
  "kind.meal": { de: "Mahlzeit", fr: "Repas", en: "Meal" },
  "kind.reception": { de: "Empfang", fr: "Réception", en: "Reception" },
  "kind.registration": { de: "Anmeldung", fr: "Accueil", en: "Registration" },
  cancelled: { de: "Abgesagt", fr: "Annulé", en: "Cancelled" },
  postponed: { de: "Verschoben", fr: "Reporté", en: "Postponed" },
  subscribe: { de: "Abonnieren", fr: "S'abonner", en: "Subscribe" },
  calendar: { de: "Veranstaltung im Kalender abonnieren (.ics)", fr: "S'abonner à l'événement dans un calendrier (.ics)", en: "Subscribe to the event in a calendar (.ics)" },
  filteredCalendar: { de: "Dieses Programm (gefiltert) als Kalender (.ics)", fr: "Ce programme (filtré) en calendrier (.ics)", en: "This programme (filtered) as a calendar (.ics)" },
  webcal: { de: "In der Kalender-App öffnen (webcal)", fr: "Ouvrir dans l'appli calendrier (webcal)", en: "Open in a calendar app (webcal)" },
  scheduleApps: { de: "Programm für Konferenz-Apps (JSON, XML)", fr: "Programme pour applis de conférence (JSON, XML)", en: "Schedule for conference apps (JSON, XML)" },
  // The registration form.
  register: { de: "Anmelden", fr: "S'inscrire", en: "Register" },
  registerTitle: { de: "Anmeldung", fr: "Inscription", en: "Registration" },
  name: { de: "Name", fr: "Nom", en: "Name" },
  email: { de: "E-Mail", fr: "Courriel", en: "E-mail" },
  organisation: { de: "Organisation (optional)", fr: "Organisation (facultatif)", en: "Organisation (optional)" },
  preferredLanguage: { de: "Sprache für Bestätigung und Unterlagen", fr: "Langue de la confirmation et des documents", en: "Language of the confirmation and documents" },
  workingGroup: { de: "Arbeitsgruppe", fr: "Groupe de travail", en: "Working group" },
  noWorkingGroup: { de: "Keine Angabe", fr: "Sans préférence", en: "No preference" },
  consent: { de: "Ich bin einverstanden, dass meine Angaben gespeichert und nur für die Organisation dieser Veranstaltung verwendet werden (Teilnehmerliste, Bestätigung, Änderungen des Programms).", fr: "J'accepte que mes données soient enregistrées et utilisées uniquement pour l'organisation de cet événement (liste des participants, confirmation, changements du programme).", en: "I agree that my details are stored and used only to organise this event (list of participants, confirmation, programme changes)." },
  sending: { de: "Wird gesendet …", fr: "Envoi …", en: "Sending …" },
  confirmed: { de: "Sie sind angemeldet.", fr: "Votre inscription est confirmée.", en: "You are registered." },
  waitlisted: { de: "Sie stehen auf der Warteliste.", fr: "Vous êtes sur la liste d'attente.", en: "You are on the waiting list." },
  addToCalendar: { de: "Zu meinem Kalender hinzufügen (.ics)", fr: "Ajouter à mon calendrier (.ics)", en: "Add to my calendar (.ics)" },
  cancelLink: { de: "Link zum Stornieren (bitte aufbewahren)", fr: "Lien d'annulation (à conserver)", en: "Cancellation link (keep it)" },
  fixFields: { de: "Bitte prüfen Sie die markierten Felder.", fr: "Veuillez vérifier les champs signalés.", en: "Please check the fields marked." },
  networkError: { de: "Keine Verbindung zum Server. Bitte noch einmal versuchen: Sie werden nicht doppelt angemeldet.", fr: "Pas de connexion au serveur. Réessayez : vous ne serez pas inscrit deux fois.", en: "No connection to the server. Please try again: you will not be registered twice." },
  // Cancellation.
  cancelTitle: { de: "Anmeldung stornieren", fr: "Annuler l'inscription", en: "Cancel a registration" },
  cancelButton: { de: "Anmeldung stornieren", fr: "Annuler mon inscription", en: "Cancel my registration" },
  cancelDone: { de: "Ihre Anmeldung ist storniert.", fr: "Votre inscription est annulée.", en: "Your registration is cancelled." },
  cancelNoToken: { de: "Diesem Link fehlt der Schlüssel. Bitte verwenden Sie den vollständigen Link aus Ihrer Bestätigung.", fr: "Il manque la clé à ce lien. Utilisez le lien complet de votre confirmation.", en: "This link lacks its key. Please use the whole link from your confirmation." },
  cancelExplain: { de: "Ihr Platz wird freigegeben.", fr: "Votre place sera libérée.", en: "Your place will be released." },
  // Live updates.
  liveUpdated: { de: "Programm aktualisiert: {0}", fr: "Programme mis à jour : {0}", en: "Programme updated: {0}" },
  liveChanged: { de: "Das Programm wurde geändert.", fr: "Le programme a changé.", en: "The programme has changed." },
  liveEventChanged: { de: "Die Angaben zur Veranstaltung wurden geändert.", fr: "Les informations de l'événement ont changé.", en: "The event's details have changed." },
  liveReconnected: { de: "Wieder verbunden.", fr: "Reconnecté.", en: "Reconnected." },
  loading: { de: "Wird geladen …", fr: "Chargement …", en: "Loading …" },
  notFound: { de: "Diese Veranstaltung gibt es nicht.", fr: "Cet événement n'existe pas.", en: "There is no such event." },
  "lang.de": { de: "Deutsch", fr: "allemand", en: "German" },
  "lang.fr": { de: "Französisch", fr: "français", en: "French" },
  "lang.en": { de: "Englisch", fr: "anglais", en: "English" },
  "lang.lb": { de: "Luxemburgisch", fr: "luxembourgeois", en: "Luxembourgish" },
  "lang.pt": { de: "Portugiesisch", fr: "portugais", en: "Portuguese" },
};

/// The language names in their own language, for the switch.
export const ENDONYMS = { de: "Deutsch", fr: "Français", en: "English" };

/// The page language: ?lang= in the address, else the last one chosen, else the browser's first that we speak
/// (Luxembourgish readers get German, as the API's problems do), else German.
export function pageLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && LANGUAGES.includes(asked)) return asked;
  try {
    const stored = localStorage.getItem("agora.lang");
    if (stored && LANGUAGES.includes(stored)) return stored;
  } catch { /* storage may be off: then the browser decides */ }
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "lb") return "de";
    if (LANGUAGES.includes(primary)) return primary;
  }
  return "de";
}

export function remember(language) {
  try { localStorage.setItem("agora.lang", language); } catch { /* not kept: ?lang= still says it */ }
}

/// The word for `key` in `language`, with {0}, {1} … replaced by `values`.
export function t(language, key, ...values) {
  const entry = WORDS[key];
  let text = entry ? (entry[language] ?? entry.en) : key;
  values.forEach((value, index) => { text = text.replace(`{${index}}`, String(value)); });
  return text;
}

/// The name of a language tag in `language` ("fr" → "Französisch"), the tag itself when unknown.
export function languageName(language, tag) {
  const key = `lang.${String(tag).toLowerCase()}`;
  return WORDS[key] ? t(language, key) : tag;
}

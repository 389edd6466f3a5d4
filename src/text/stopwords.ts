/**
 * English function words: they carry no claim, so the critique's overlap measures, the offline
 * engine's ranking and the Claude engine's passage search all leave them out. One list, so that
 * "a content word" means the same everywhere.
 */

export const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are aren as at be because been before being ' +
    'below between both but by can cannot could did do does doing down during each either even ever every ' +
    'few for from further had has have having he her here hers herself him himself his how however i if in ' +
    'into is it its itself just least less let like may me might more most much must my myself neither no ' +
    'nor not now of off on once one only or other others otherwise our ours ourselves out over own per ' +
    'rather same she should since so some such than that the their theirs them themselves then there these ' +
    'they this those though through thus to too under until up upon us very via was we were what when where ' +
    'whether which while who whom whose why will with within without would yet you your yours yourself ' +
    'said says say told according also its it’s s t d ll re ve m don didn doesn isn wasn weren won wouldn ' +
    'couldn shouldn hasn haven hadn mr mrs ms dr new last first year years time times week weeks day days ' +
    'month months still many none'
  ).split(/\s+/),
);

// Words of the reports in English and French.

/** A language of the reports. */
export type Locale = 'en' | 'fr';

const WORDS = {
  en: {
    board: 'Scoring board', asOf: 'as of', segment: 'Segment', customers: 'Customers', share: 'Share', revenue: 'Revenue',
    revenueShare: 'Share of revenue', meanScore: 'Mean score', medianScore: 'Median score', action: 'Recommended action',
    recency: 'Mean recency (days)', frequency: 'Mean frequency', monetary: 'Mean monetary', total: 'Total', level: 'Qualification',
    histogram: 'Score distribution', from: 'From', to: 'To', top: 'Top records', id: 'Id', score: 'Score', rejected: 'rejected records',
    heatmap: 'R × F heatmap', r: 'R', f: 'F', meanMonetaryCell: 'Mean monetary', gains: 'Gains and lift', decile: 'Decile',
    responders: 'Responders', responseRate: 'Response rate', cumulativeGain: 'Cumulative gain', lift: 'Lift', cumulativeLift: 'Cumulative lift',
    minScore: 'Min score', auc: 'AUC', campaign: 'Campaign profitability', contacts: 'Contacts', cost: 'Cost', value: 'Value', profit: 'Profit',
    best: 'Most profitable threshold', nobody: 'nobody', drift: 'Segment migration', fromSegment: 'From', toSegment: 'To',
    promoted: 'Promoted', demoted: 'Demoted', unchanged: 'Unchanged', entered: 'New', left: 'Gone', meanDelta: 'Mean score change',
    table: 'Show the data as a table', gainsCurve: 'Cumulative gains curve: share of responders reached by contacting the top deciles',
    random: 'Random targeting', segmentBars: 'Customers per segment', deltas: 'Largest score changes',
  },
  fr: {
    board: 'Tableau de scoring', asOf: 'au', segment: 'Segment', customers: 'Clients', share: 'Part', revenue: "Chiffre d'affaires",
    revenueShare: "Part du chiffre d'affaires", meanScore: 'Score moyen', medianScore: 'Score médian', action: 'Action recommandée',
    recency: 'Récence moyenne (jours)', frequency: 'Fréquence moyenne', monetary: 'Montant moyen', total: 'Total', level: 'Qualification',
    histogram: 'Distribution des scores', from: 'De', to: 'À', top: 'Meilleurs scores', id: 'Id', score: 'Score', rejected: 'enregistrements rejetés',
    heatmap: 'Carte R × F', r: 'R', f: 'F', meanMonetaryCell: 'Montant moyen', gains: 'Gains et lift', decile: 'Décile',
    responders: 'Répondants', responseRate: 'Taux de réponse', cumulativeGain: 'Gain cumulé', lift: 'Lift', cumulativeLift: 'Lift cumulé',
    minScore: 'Score min.', auc: 'AUC', campaign: 'Rentabilité de la campagne', contacts: 'Contacts', cost: 'Coût', value: 'Valeur', profit: 'Profit',
    best: 'Seuil le plus rentable', nobody: 'personne', drift: 'Migration entre segments', fromSegment: 'De', toSegment: 'Vers',
    promoted: 'Promus', demoted: 'Rétrogradés', unchanged: 'Inchangés', entered: 'Nouveaux', left: 'Sortis', meanDelta: 'Variation moyenne du score',
    table: 'Voir les données en tableau', gainsCurve: 'Courbe des gains cumulés : part des répondants atteints en contactant les meilleurs déciles',
    random: 'Ciblage aléatoire', segmentBars: 'Clients par segment', deltas: 'Plus fortes variations de score',
  },
} as const;

/** The words of a language. */
export type Words = { readonly [K in keyof (typeof WORDS)['en']]: string };

/** The words of the reports in `locale`. */
export function words(locale: Locale): Words {
  return WORDS[locale];
}

/** The starter config written by `scorekit init`: commented JSON (JSONC), valid as it is. */
export const STARTER_CONFIG = `{
  // Editors complete and check this file with the schema shipped in the package.
  "$schema": "./node_modules/scorekit/dist/schema.json",
  "id": "my-scoring",
  "description": "RFM on purchases, fit on firmographics, engagement on behaviour; edit the rules to your market.",
  // The column that holds the customer id in your customers file.
  "idKey": "id",
  "scorers": [
    {
      // Recency, frequency, monetary value from --transactions (columns customerId, date, amount).
      "type": "rfm",
      "name": "rfm",
      "customerKey": "customerId",
      "dateKey": "date",
      "amountKey": "amount",
      "frequency": "transactions",
      "bins": 5
    },
    {
      // Who the customer is: points per rule; rules of one criterion are exclusive (first match wins).
      // A dotted field such as "company.employees" reads a CSV column of that name, or a nested JSON field.
      "type": "attributes",
      "name": "fit",
      "weights": { "size": 2 },
      "rules": [
        { "criterion": "size", "when": { "field": "employees", "gte": 200 }, "points": 10, "reason": "Large account" },
        { "criterion": "size", "when": { "field": "employees", "gte": 20 }, "points": 5, "reason": "Mid-size account" },
        { "when": { "field": "country", "in": ["FR", "BE", "CH"] }, "points": 5, "reason": "Core market" },
        { "when": { "field": "email", "endsWith": "@gmail.com" }, "points": -5, "reason": "Personal email" }
      ]
    },
    {
      // What the customer does, from --events (columns customerId, type, at, plus the fields the rules read).
      // Points fade with a half-life of 30 days: an event 30 days old is worth half its points.
      "type": "behaviour",
      "name": "engagement",
      "customerKey": "customerId",
      "typeKey": "type",
      "dateKey": "at",
      "halfLife": { "days": 30 },
      "rules": [
        // Every opened email counts, up to 10 points in all.
        { "id": "opens", "event": "email_open", "points": 1, "cap": 10, "reason": "Opened an email" },
        // Pricing pages seen in the last 30 days, up to 15 points.
        { "id": "pricing", "event": "page_view", "when": { "field": "url", "contains": "/pricing" },
          "points": 5, "cap": 15, "within": { "days": 30 }, "reason": "Visited the pricing page" },
        // A demo request counts once, however many forms were sent.
        { "id": "demo", "event": "form_submit", "when": { "field": "form", "eq": "demo" },
          "points": 30, "once": true, "reason": "Requested a demo" },
        // An unsubscribe takes points away, and does not fade.
        { "id": "unsubscribe", "event": "unsubscribe", "points": -20, "once": true, "decay": "none",
          "reason": "Unsubscribed" }
      ]
    }
  ],
  // The score: 40 % purchases, 30 % fit, 30 % engagement, on a 0..100 scale.
  "combine": { "type": "weighted", "weights": { "rfm": 0.4, "fit": 0.3, "engagement": 0.3 }, "scale": 100 },
  "qualify": {
    "type": "thresholds",
    "levels": [
      { "label": "Hot", "min": 60 },
      { "label": "Warm", "min": 35 },
      { "label": "Cold", "min": 0 }
    ]
  },
  // Grades: fit A to D (raw fit points, at most 25) × engagement 1 to 4 (raw points, at most 55): A1 first.
  "grade": {
    "type": "grades",
    "fit": { "scorer": "fit", "levels": [{ "label": "A", "min": 20 }, { "label": "B", "min": 10 }, { "label": "C", "min": 5 }, { "label": "D" }] },
    "engagement": { "scorer": "engagement", "levels": [{ "label": "1", "min": 30 }, { "label": "2", "min": 15 }, { "label": "3", "min": 5 }, { "label": "4" }] }
  },
  // Segments over the scored record: score, qualification, grade.cell, components.<name>.<field>, record.<field>.
  "segment": {
    "type": "rules",
    "rules": [
      { "when": { "field": "grade.cell", "in": ["A1", "A2", "B1"] },
        "segment": { "key": "call_now", "label": "Call now", "color": "#0969da", "action": "Call this week: good fit, engaged" } },
      { "when": { "all": [{ "field": "components.rfm.r", "gte": 4 }, { "field": "components.rfm.f", "gte": 4 }] },
        "segment": { "key": "champions", "label": "Champions", "color": "#1a7f37", "action": "Reward them; ask for reviews" } },
      { "when": { "all": [{ "field": "components.rfm.r", "lte": 2 }, { "field": "components.rfm.f", "gte": 3 }] },
        "segment": { "key": "at_risk", "label": "At risk", "color": "#bc4c00", "action": "Win them back now" } }
    ],
    "otherwise": { "key": "others", "label": "Others", "color": "#8c959f", "action": "Newsletter" }
  }
}
`;

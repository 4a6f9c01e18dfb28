/** The starter config written by `scorekit init`: commented JSON (JSONC), valid as it is. */
export const STARTER_CONFIG = `{
  // Editors complete and check this file with the schema shipped in the package.
  "$schema": "./node_modules/scorekit/dist/schema.json",
  "id": "my-scoring",
  "description": "RFM on purchases, fit on firmographics; edit the rules to your market.",
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
      "type": "attributes",
      "name": "fit",
      "weights": { "size": 2 },
      "rules": [
        { "criterion": "size", "when": { "field": "employees", "gte": 200 }, "points": 10, "reason": "Large account" },
        { "criterion": "size", "when": { "field": "employees", "gte": 20 }, "points": 5, "reason": "Mid-size account" },
        { "when": { "field": "country", "in": ["FR", "BE", "CH"] }, "points": 5, "reason": "Core market" },
        { "when": { "field": "email", "endsWith": "@gmail.com" }, "points": -5, "reason": "Personal email" }
      ]
    }
  ],
  // The score: 70 % purchase behaviour, 30 % fit, on a 0..100 scale.
  "combine": { "type": "weighted", "weights": { "rfm": 0.7, "fit": 0.3 }, "scale": 100 },
  "qualify": {
    "type": "thresholds",
    "levels": [
      { "label": "A", "min": 75 },
      { "label": "B", "min": 50 },
      { "label": "C", "min": 25 },
      { "label": "D", "min": 0 }
    ]
  },
  // Segments over the scored record: score, qualification, components.<name>.<field>, record.<field>.
  "segment": {
    "type": "rules",
    "rules": [
      { "when": { "all": [{ "field": "components.rfm.r", "gte": 4 }, { "field": "components.rfm.f", "gte": 4 }] },
        "segment": { "key": "champions", "label": "Champions", "color": "#1a7f37", "action": "Reward them; ask for reviews" } },
      { "when": { "all": [{ "field": "components.rfm.r", "lte": 2 }, { "field": "components.rfm.f", "gte": 3 }] },
        "segment": { "key": "at_risk", "label": "At risk", "color": "#bc4c00", "action": "Win them back now" } }
    ],
    "otherwise": { "key": "others", "label": "Others", "color": "#8c959f", "action": "Newsletter" }
  }
}
`;

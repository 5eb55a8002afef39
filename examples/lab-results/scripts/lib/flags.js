// Shared by every script step of this config directory.
// Critical limits per LOINC code: results outside them are flagged HH/LL for the alert feed.
var CRITICAL = {
  '2345-7': {low: 2.5, high: 25.0},   // glucose, mmol/L
  '2823-3': {low: 2.8, high: 6.2},    // potassium, mmol/L
  '2951-2': {low: 120, high: 160}     // sodium, mmol/L
};

function criticalFlag(loinc, value) {
  var limits = CRITICAL[loinc];
  var number = parseFloat(value);
  if (!limits || isNaN(number)) {
    return null;
  }
  if (number > limits.high) {
    return 'HH';
  }
  if (number < limits.low) {
    return 'LL';
  }
  return null;
}

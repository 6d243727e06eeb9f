/**
 * Classification metrics of METHOD §6: confusion matrix, accuracy, the authors' F1, macro F1,
 * and mean ± sd over folds. Pure functions on plain arrays, so the training loops, the reports
 * and the tests share one definition.
 *
 * Zero division follows scikit-learn's default (`zero_division="warn"`, which yields 0): a class
 * never predicted has precision 0, a class never present has recall 0. Like scikit-learn without
 * an explicit `labels` argument, the macro averages run over the classes that occur in the truth
 * or in the predictions; a class absent from both (an all-zero row and column) is left out.
 */

/**
 * The confusion matrix: rows are the true class, columns the predicted class.
 * Throws a RangeError when the lengths differ or a class is not an integer in [0, classCount).
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classCount: number): number[][] {
  if (!Number.isInteger(classCount) || classCount < 1) throw new RangeError(`confusionMatrix needs a positive integer class count (got ${classCount})`)
  if (yTrue.length !== yPred.length) throw new RangeError(`confusionMatrix needs as many predictions as true labels (got ${yPred.length} and ${yTrue.length})`)
  const cm = zeros(classCount)
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!
    const p = yPred[i]!
    checkClass(t, classCount, 'true label', i)
    checkClass(p, classCount, 'prediction', i)
    cm[t]![p]! += 1
  }
  return cm
}

/** The fraction of correct predictions: trace / total. Throws on an empty matrix. */
export function accuracy(cm: number[][]): number {
  const n = checkSquare(cm)
  let correct = 0
  let total = 0
  for (let i = 0; i < n; i++) {
    correct += cm[i]![i]!
    for (let j = 0; j < n; j++) total += cm[i]![j]!
  }
  if (total === 0) throw new RangeError('accuracy of an empty confusion matrix is undefined')
  return correct / total
}

/**
 * The authors' F1 (METHOD §6, their `model_result_store`): the harmonic mean of macro precision
 * and macro recall, 2·P·R / (P + R), and 0 when both are 0. Zero division as scikit-learn's
 * default: a class never predicted has precision 0 (the authors' NumPy code would give NaN
 * there). Classes absent from both truth and predictions are left out of the averages. Unlike
 * the authors' code, precision and recall are not rounded to 4 decimals first.
 */
export function authorsF1(cm: number[][]): number {
  const { precision, recall } = macroPrecisionRecall(cm)
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
}

/**
 * Standard macro F1, as scikit-learn's `f1_score(average='macro')`: the mean over classes of
 * 2·TP / (2·TP + FP + FN), over the classes that occur in truth or predictions.
 */
export function macroF1(cm: number[][]): number {
  const stats = classStats(cm)
  let sum = 0
  for (const s of stats) sum += s.f1
  return sum / stats.length
}

/**
 * F1 of the positive class (1) of a 2×2 confusion matrix: 2·TP / (2·TP + FP + FN), and 0 when
 * there is no positive in truth or prediction (scikit-learn's zero_division default). This is
 * what the authors report per pretext task: `get_results_ssl` calls `metrics.f1_score(y_true,
 * y_pred, labels=[0, 1])`, whose default average='binary' scores the "is this transformation"
 * class only.
 */
export function positiveClassF1(cm: number[][]): number {
  if (checkSquare(cm) !== 2) throw new RangeError(`positiveClassF1 needs a 2×2 confusion matrix (got ${cm.length}×${cm.length})`)
  const tp = cm[1]![1]!
  const denominator = 2 * tp + cm[0]![1]! + cm[1]![0]!
  return denominator === 0 ? 0 : (2 * tp) / denominator
}

/** Accuracy, F1 and the 2×2 confusion matrix of a binary (pretext) task. */
export interface BinaryMetrics {
  readonly accuracy: number
  /** {@link positiveClassF1}: the F1 of the "is this transformation" class, as the authors report. */
  readonly f1: number
  /** {@link authorsF1} of the 2×2 matrix (macro over both classes), for comparison. */
  readonly authorsF1: number
  readonly confusion: number[][]
}

/**
 * Metrics of a binary task from probabilities: predicted class 1 when prob > threshold (strictly,
 * as the authors' `tf.greater(sigmoid, 0.5)`). `yTrue` holds 0 or 1; f1 is the positive-class F1
 * the authors report for pretext tasks ({@link positiveClassF1}).
 */
export function binaryMetrics(yTrue: ArrayLike<number>, prob: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  if (yTrue.length !== prob.length) throw new RangeError(`binaryMetrics needs as many probabilities as true labels (got ${prob.length} and ${yTrue.length})`)
  const pred = new Int32Array(prob.length)
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i]!
    if (Number.isNaN(p)) throw new RangeError(`binaryMetrics got a NaN probability at index ${i}`)
    pred[i] = p > threshold ? 1 : 0
  }
  const confusion = confusionMatrix(yTrue, pred, 2)
  return { accuracy: accuracy(confusion), f1: positiveClassF1(confusion), authorsF1: authorsF1(confusion), confusion }
}

/**
 * Mean and population standard deviation (ddof 0, as `numpy.std`) of fold results.
 * Throws a RangeError on an empty list rather than returning NaN.
 */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) throw new RangeError('meanSd needs at least one value')
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / values.length
  // Two passes: the squared deviations from the exact mean, as NumPy does, not E[x²] − E[x]².
  let ss = 0
  for (const v of values) ss += (v - mean) * (v - mean)
  return { mean, sd: Math.sqrt(ss / values.length) }
}

/** The element-wise sum of confusion matrices of one shape (e.g. over folds). */
export function sumConfusions(list: number[][][]): number[][] {
  const first = list[0]
  if (first === undefined) throw new RangeError('sumConfusions needs at least one matrix')
  const n = checkSquare(first)
  const total = zeros(n)
  for (const cm of list) {
    if (checkSquare(cm) !== n) throw new RangeError(`sumConfusions needs matrices of one size (got ${cm.length}×${cm.length} and ${n}×${n})`)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) total[i]![j]! += cm[i]![j]!
  }
  return total
}

interface ClassStat {
  readonly precision: number
  readonly recall: number
  readonly f1: number
}

/** Per-class precision, recall and F1 for the classes present in truth or predictions. */
function classStats(cm: number[][]): ClassStat[] {
  const n = checkSquare(cm)
  const stats: ClassStat[] = []
  for (let c = 0; c < n; c++) {
    let rowSum = 0
    let colSum = 0
    for (let k = 0; k < n; k++) {
      rowSum += cm[c]![k]!
      colSum += cm[k]![c]!
    }
    if (rowSum === 0 && colSum === 0) continue
    const tp = cm[c]![c]!
    stats.push({
      precision: colSum === 0 ? 0 : tp / colSum,
      recall: rowSum === 0 ? 0 : tp / rowSum,
      // rowSum + colSum > 0 here, so the denominator 2TP + FP + FN = rowSum + colSum is too.
      f1: (2 * tp) / (rowSum + colSum),
    })
  }
  if (stats.length === 0) throw new RangeError('metrics of an empty confusion matrix are undefined')
  return stats
}

function macroPrecisionRecall(cm: number[][]): { precision: number; recall: number } {
  const stats = classStats(cm)
  let p = 0
  let r = 0
  for (const s of stats) {
    p += s.precision
    r += s.recall
  }
  return { precision: p / stats.length, recall: r / stats.length }
}

function zeros(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0))
}

function checkClass(c: number, classCount: number, what: string, index: number): void {
  if (!Number.isInteger(c) || c < 0 || c >= classCount) throw new RangeError(`confusionMatrix: ${what} ${c} at index ${index} is not a class in [0, ${classCount})`)
}

/** The size of a square, non-empty matrix; throws a RangeError otherwise. */
function checkSquare(cm: number[][]): number {
  const n = cm.length
  if (n === 0) throw new RangeError('a confusion matrix needs at least one class')
  for (const row of cm) if (row.length !== n) throw new RangeError(`a confusion matrix must be square (got a row of ${row.length} in a ${n}-row matrix)`)
  return n
}

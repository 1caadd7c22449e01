namespace HccSim.Core.Analytic;

/// <summary>
/// exp(A) for a small dense matrix by Padé(13) approximation with scaling and squaring (Higham 2005, "The scaling
/// and squaring method for the matrix exponential revisited"), with the small linear solve by LU and partial pivoting.
/// </summary>
public static class MatrixExponential
{
    private static readonly double[] B =
    {
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
        670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
    };

    private const double Theta13 = 5.371920351148152;

    public static double[,] Exp(double[,] a)
    {
        int n = a.GetLength(0);
        double norm = 0;
        for (int j = 0; j < n; j++)
        {
            double column = 0;
            for (int i = 0; i < n; i++) column += Math.Abs(a[i, j]);
            norm = Math.Max(norm, column);
        }
        int squarings = norm > Theta13 ? (int)Math.Ceiling(Math.Log2(norm / Theta13)) : 0;
        var x = Scale(a, Math.Pow(2, -squarings));
        var x2 = Multiply(x, x);
        var x4 = Multiply(x2, x2);
        var x6 = Multiply(x4, x2);
        var identity = Identity(n);
        var u = Multiply(x, Add(Multiply(x6, Add(Add(Scale(x6, B[13]), Scale(x4, B[11])), Scale(x2, B[9]))),
            Add(Add(Add(Scale(x6, B[7]), Scale(x4, B[5])), Scale(x2, B[3])), Scale(identity, B[1]))));
        var v = Add(Multiply(x6, Add(Add(Scale(x6, B[12]), Scale(x4, B[10])), Scale(x2, B[8]))),
            Add(Add(Add(Scale(x6, B[6]), Scale(x4, B[4])), Scale(x2, B[2])), Scale(identity, B[0])));
        var result = Solve(Subtract(v, u), Add(v, u));
        for (int k = 0; k < squarings; k++) result = Multiply(result, result);
        return result;
    }

    public static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), inner = a.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < inner; k++)
            {
                double aik = a[i, k];
                if (aik == 0) continue;
                for (int j = 0; j < m; j++) c[i, j] += aik * b[k, j];
            }
        return c;
    }

    /// <summary>Row vector times matrix.</summary>
    public static double[] Multiply(double[] row, double[,] m)
    {
        var r = new double[m.GetLength(1)];
        for (int i = 0; i < row.Length; i++)
            if (row[i] != 0)
                for (int j = 0; j < r.Length; j++) r[j] += row[i] * m[i, j];
        return r;
    }

    private static double[,] Scale(double[,] a, double s)
    {
        var r = (double[,])a.Clone();
        for (int i = 0; i < r.GetLength(0); i++)
            for (int j = 0; j < r.GetLength(1); j++) r[i, j] *= s;
        return r;
    }

    private static double[,] Add(double[,] a, double[,] b)
    {
        var r = (double[,])a.Clone();
        for (int i = 0; i < r.GetLength(0); i++)
            for (int j = 0; j < r.GetLength(1); j++) r[i, j] += b[i, j];
        return r;
    }

    private static double[,] Subtract(double[,] a, double[,] b) => Add(a, Scale(b, -1));

    /// <summary>Solves A X = B by LU decomposition with partial pivoting.</summary>
    private static double[,] Solve(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        var lu = (double[,])a.Clone();
        var x = (double[,])b.Clone();
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(lu[i, k]) > Math.Abs(lu[pivot, k])) pivot = i;
            if (lu[pivot, k] == 0) throw new InvalidOperationException("matrix exponential: the Padé denominator is singular");
            if (pivot != k)
            {
                for (int j = 0; j < n; j++) (lu[k, j], lu[pivot, j]) = (lu[pivot, j], lu[k, j]);
                for (int j = 0; j < m; j++) (x[k, j], x[pivot, j]) = (x[pivot, j], x[k, j]);
            }
            for (int i = k + 1; i < n; i++)
            {
                double f = lu[i, k] / lu[k, k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) lu[i, j] -= f * lu[k, j];
                for (int j = 0; j < m; j++) x[i, j] -= f * x[k, j];
            }
        }
        for (int k = n - 1; k >= 0; k--)
            for (int j = 0; j < m; j++)
            {
                double sum = x[k, j];
                for (int i = k + 1; i < n; i++) sum -= lu[k, i] * x[i, j];
                x[k, j] = sum / lu[k, k];
            }
        return x;
    }
}

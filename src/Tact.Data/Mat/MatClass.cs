namespace Tact.Data.Mat;

/// <summary>MATLAB array classes (the <c>mxCLASS</c> byte of a v5 array-flags subelement).</summary>
public enum MatClass
{
    /// <summary>Cell array (not supported).</summary>
    Cell = 1,
    /// <summary>Structure (not supported).</summary>
    Struct = 2,
    /// <summary>Object (not supported).</summary>
    Object = 3,
    /// <summary>Character array (not supported where numbers are expected).</summary>
    Char = 4,
    /// <summary>Sparse array (not supported).</summary>
    Sparse = 5,
    /// <summary>IEEE double.</summary>
    Double = 6,
    /// <summary>IEEE single.</summary>
    Single = 7,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 8,
    /// <summary>Unsigned 8-bit integer (also logical arrays).</summary>
    UInt8 = 9,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 10,
    /// <summary>Unsigned 16-bit integer (read as int32).</summary>
    UInt16 = 11,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 12,
    /// <summary>Unsigned 32-bit integer (read as int64).</summary>
    UInt32 = 13,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 14,
    /// <summary>Unsigned 64-bit integer (not supported).</summary>
    UInt64 = 15,
}

namespace Tact.Data.Mat;

/// <summary>Data-element types of a MATLAB v5 file (the <c>miXXX</c> codes of a tag).</summary>
public enum MatDataType
{
    /// <summary>Signed 8-bit values.</summary>
    Int8 = 1,
    /// <summary>Unsigned 8-bit values.</summary>
    UInt8 = 2,
    /// <summary>Signed 16-bit values.</summary>
    Int16 = 3,
    /// <summary>Unsigned 16-bit values.</summary>
    UInt16 = 4,
    /// <summary>Signed 32-bit values.</summary>
    Int32 = 5,
    /// <summary>Unsigned 32-bit values.</summary>
    UInt32 = 6,
    /// <summary>IEEE single.</summary>
    Single = 7,
    /// <summary>IEEE double.</summary>
    Double = 9,
    /// <summary>Signed 64-bit values.</summary>
    Int64 = 12,
    /// <summary>Unsigned 64-bit values.</summary>
    UInt64 = 13,
    /// <summary>An array (flags, dimensions, name, data).</summary>
    Matrix = 14,
    /// <summary>A zlib stream holding one more data element.</summary>
    Compressed = 15,
    /// <summary>UTF-8 text.</summary>
    Utf8 = 16,
    /// <summary>UTF-16 text.</summary>
    Utf16 = 17,
    /// <summary>UTF-32 text.</summary>
    Utf32 = 18,
}

import Foundation

/// The CRCs S3's flexible checksums use (`x-amz-checksum-crc32`, `-crc32c`, `-crc64nvme`), each sent as the
/// base64 of the big-endian value. Reflected table-driven CRCs; no platform library offers them.
enum Checksums {
    static func crc32(_ bytes: Data) -> UInt32 { UInt32(truncatingIfNeeded: run(bytes, table: crc32Table, width: 32)) }
    static func crc32c(_ bytes: Data) -> UInt32 { UInt32(truncatingIfNeeded: run(bytes, table: crc32cTable, width: 32)) }
    static func crc64nvme(_ bytes: Data) -> UInt64 { run(bytes, table: crc64Table, width: 64) }

    static func base64(_ value: UInt32) -> String {
        Data([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]).base64EncodedString()
    }

    static func base64(_ value: UInt64) -> String {
        Data((0..<8).map { UInt8(value >> (56 - 8 * $0) & 0xFF) }).base64EncodedString()
    }

    private static let crc32Table = table(polynomial: 0xEDB8_8320)
    private static let crc32cTable = table(polynomial: 0x82F6_3B78)
    private static let crc64Table = table(polynomial: 0x9A6C_9329_AC4B_C9B5)

    private static func table(polynomial: UInt64) -> [UInt64] {
        (0..<256).map { index in
            var value = UInt64(index)
            for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ polynomial : value >> 1 }
            return value
        }
    }

    private static func run(_ bytes: Data, table: [UInt64], width: Int) -> UInt64 {
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        var crc = mask
        for byte in bytes { crc = table[Int((crc ^ UInt64(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ mask
    }
}

// Package nianbao is the domain model of China's government information
// disclosure annual reports (政府信息公开工作年度报告): the two national
// formats (国办公开办函〔2019〕60号 and 〔2021〕30号), their tables and the
// arithmetic every consistent report satisfies.
//
// The package does no I/O. Readers turn files into documents, the template
// matcher turns documents into a Report, and audit, storage, HTTP and the
// command line are built around these types.
package nianbao
